import type { ServiceProvider } from '../ports/service-provider.ts';

/**
 * A provider's answers about versions, asked once per distinct version: ten thousand clusters run
 * a handful of versions, and each answer parses the versions again.
 */
export class VersionVerdicts {
  readonly #provider: ServiceProvider;
  readonly #to: string;
  readonly #strategy: string;
  readonly #checks = new Map<string, string | undefined>();
  readonly #steps = new Map<string, { order: number; skew: string | undefined }>();

  constructor(provider: ServiceProvider, to: string, strategy: string) {
    this.#provider = provider;
    this.#to = to;
    this.#strategy = strategy;
  }

  /** Why `version` is not a version the provider can pin, or undefined. */
  check(version: string): string | undefined {
    if (!this.#checks.has(version)) this.#checks.set(version, this.#provider.checkVersion(version));
    return this.#checks.get(version);
  }

  /** How `from` compares to the target, and what keeps the step from `from` to it, if anything. */
  step(from: string): { order: number; skew: string | undefined } {
    let step = this.#steps.get(from);
    if (!step) {
      const order = this.#provider.compareVersions(from, this.#to);
      const skew =
        order === 0
          ? undefined
          : this.#provider.checkUpgradePath({ from, to: this.#to, strategy: this.#strategy });
      step = { order, skew };
      this.#steps.set(from, step);
    }
    return step;
  }
}
