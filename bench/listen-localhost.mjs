// Preloaded into the Portkey gateway, which listens on every interface: the benchmark binds
// everything it starts to 127.0.0.1 only.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (typeof args[0] === 'number' && (args[1] === undefined || typeof args[1] === 'function' || args[1] === '0.0.0.0' || args[1] === '::')) {
    const callback = args.find((arg) => typeof arg === 'function');
    return listen.call(this, args[0], '127.0.0.1', callback);
  }
  return listen.apply(this, args);
};
