// A manifests folder that cannot be read or does not hold the client: its own small module, so the
// CLI can recognise it without loading the YAML parser.

export class ManifestError extends Error {}
