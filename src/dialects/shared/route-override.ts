import { InvalidRequestError } from '../../errors/index.js';

/** The deployments named in `x-qiao-route: <provider/model>[,<provider/model>…]`, in order. */
export function routeOverride(header: string | string[]): string[] {
  const targets = (Array.isArray(header) ? header.join(',') : header).split(',').map((target) => target.trim()).filter((target) => target.length > 0);
  if (targets.length === 0) throw new InvalidRequestError('The x-qiao-route header names no deployment; send provider/model, several separated by commas.', { param: 'x-qiao-route' });
  if (targets.length > 10) throw new InvalidRequestError('The x-qiao-route header names more than 10 deployments.', { param: 'x-qiao-route' });
  return targets;
}
