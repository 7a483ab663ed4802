import { setFlagsFromString } from 'node:v8';

/**
 * bin/qiao.js holds V8's young generation at its initial size while Qiao starts
 * (`--semi-space-growth-factor=1`). Start-up allocates mostly what lives as long as the process
 * (modules' objects, routes, schemas); surviving scavenges, they make V8 grow the young generation
 * to its maximum (two 16 MB semi-spaces), which then stays resident while the gateway idles until
 * V8's memory reducer shrinks it, some 40 s later. Held small, those objects move straight
 * to the old generation, where they end up anyway.
 *
 * Once Qiao serves, this restores V8's default growth (2): request traffic is short-lived garbage
 * that a larger young generation absorbs.
 */
export function releaseYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
}
