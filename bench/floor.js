// The synth floor: plain node + the yaml library writing the same objects as synth (read from a JSON
// file the benchmark prepared from synth's own output), one file per client plus the Kustomization.
// No validation, no cdk8s, no TypeScript hook: what writing those manifests costs at the least.
// `node bench/floor.js OBJECTS.json OUTDIR`

const fs = require('node:fs');
const path = require('node:path');
const { stringify } = require('yaml');

const [input, outdir] = process.argv.slice(2);
const clients = JSON.parse(fs.readFileSync(input, 'utf8'));
fs.mkdirSync(outdir, { recursive: true });
for (const { file, objects } of clients) {
  const text = objects.map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join('');
  fs.writeFileSync(path.join(outdir, file), text);
}
const kustomization = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
  resources: clients.map((c) => c.file),
};
fs.writeFileSync(path.join(outdir, 'Kustomization'), stringify(kustomization));
