/**
 * The load side of the REST benchmark: one autocannon run in its own process (so its CPU use is not the server's),
 * printing autocannon's result as one JSON line on stdout.
 *
 *   node packages/server-adapter/bench/rest-load.mjs '{"url":"http://127.0.0.1:3000/api/v1/verify","connections":20,"duration":5}'
 *
 * With `"paths": [...]` each request goes to one of them, picked at random.
 */
import { createRequire } from 'node:module';

const autocannon = createRequire(import.meta.url)('autocannon');
const request = JSON.parse(process.argv[2] ?? '{}');
// `paths`: each request goes to one of these paths, picked at random (e.g. reads of many sessions).
if (Array.isArray(request.paths)) {
  const paths = request.paths;
  delete request.paths;
  request.requests = [{ setupRequest: (req) => ({ ...req, path: paths[Math.floor(Math.random() * paths.length)] }) }];
}
const result = await autocannon(request);
process.stdout.write(`${JSON.stringify(result)}\n`);
