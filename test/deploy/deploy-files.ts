import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The repository's deploy/ folder. */
export const DEPLOY = join(import.meta.dirname, '..', '..', 'deploy');

/** A parsed YAML document of a deploy/ file, as plain data. */
export type Manifest = Record<string, unknown> & {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; annotations?: Record<string, string> };
};

export interface DeployFile {
  name: string;
  /** Parse errors of any document (empty when the file is valid YAML). */
  errors: string[];
  docs: Manifest[];
}

/** CloudFormation templates sit beside the Kubernetes manifests; they are not Kubernetes objects. */
export const isCloudFormation = (name: string): boolean => name.endsWith('.cfn.yaml');

/** Every deploy/*.yaml, each document parsed with the `yaml` library (empty documents dropped). */
export function deployYamlFiles(): DeployFile[] {
  return readdirSync(DEPLOY)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const parsed = parseAllDocuments(readFileSync(join(DEPLOY, name), 'utf8'));
      const list = Array.isArray(parsed) ? parsed : [];
      return {
        name,
        errors: list.flatMap((d) => [...d.errors, ...d.warnings].map((e) => `${name}: ${e.message}`)),
        docs: list.map((d) => d.toJS() as Manifest | null).filter((d): d is Manifest => d !== null),
      };
    });
}

/** The one document of `kind` in the Kubernetes manifests; throws when there is none or several. */
export function manifestOfKind(kind: string): Manifest {
  const found = deployYamlFiles()
    .filter((f) => !isCloudFormation(f.name))
    .flatMap((f) => f.docs)
    .filter((d) => d.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind} in deploy/, found ${found.length}`);
  return found[0]!;
}

export function readJson(name: string): unknown {
  return JSON.parse(readFileSync(join(DEPLOY, name), 'utf8'));
}
