// Loads the pinned interop peers from .ci/peers/node_modules (path in env PEERS), whatever the script's location.
import { createRequire } from "node:module";

if (!process.env.PEERS) throw new Error("set PEERS to .ci/peers/node_modules");
export const peer = createRequire(process.env.PEERS.replace(/\/?$/, "/"));
