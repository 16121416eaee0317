/**
 * The services container: services are built in dependency order, booted in that order and
 * shut down in reverse, so nothing is stopped while a service above it still uses it.
 */
export interface Service {
  /** Opens resources (database, child processes). Called once, after its dependencies booted. */
  boot(): Promise<void> | void;
  /** Flushes and closes. Must leave no half-written data. Called once, in reverse boot order. */
  shutdown(): Promise<void> | void;
}

interface Registration {
  name: string;
  deps: string[];
  create: (get: <T>(name: string) => T) => Service;
}

/** Builds, boots and shuts down services by name, in dependency order. */
export class ServiceContainer {
  private readonly registrations = new Map<string, Registration>();
  private readonly instances = new Map<string, Service>();
  private booted: string[] = [];
  private shuttingDown: Promise<void> | null = null;

  /** Declares a service; `create` receives already-built dependencies through `get`. */
  register<T extends Service>(name: string, deps: string[], create: (get: <D>(name: string) => D) => T): this {
    if (this.registrations.has(name)) throw new Error(`Service "${name}" is registered twice`);
    this.registrations.set(name, { name, deps, create });
    return this;
  }

  /** The dependency order: every service after all of its dependencies. */
  order(): string[] {
    const out: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: string[]): void => {
      const reg = this.registrations.get(name);
      if (!reg) throw new Error(`Service "${path.at(-1) ?? name}" needs "${name}", which is not registered`);
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') throw new Error(`Services depend on each other in a cycle: ${[...path, name].join(' → ')}`);
      state.set(name, 'visiting');
      for (const dep of reg.deps) visit(dep, [...path, name]);
      state.set(name, 'done');
      out.push(name);
    };
    for (const name of this.registrations.keys()) visit(name, []);
    return out;
  }

  /** Builds and boots every service; on a failed boot, stops those already booted. */
  async boot(): Promise<void> {
    for (const name of this.order()) {
      const reg = this.registrations.get(name)!;
      const instance = reg.create(<D>(dep: string) => {
        if (!reg.deps.includes(dep)) throw new Error(`Service "${name}" asked for "${dep}" without declaring it`);
        return this.instances.get(dep) as D;
      });
      this.instances.set(name, instance);
      try {
        await instance.boot();
      } catch (e) {
        await this.shutdown();
        throw e;
      }
      this.booted.push(name);
    }
  }

  /** A booted service by name. */
  get<T>(name: string): T {
    const s = this.instances.get(name);
    if (!s) throw new Error(`Service "${name}" is not running`);
    return s as T;
  }

  /** Stops booted services in reverse order; safe to call more than once. */
  shutdown(): Promise<void> {
    this.shuttingDown ??= (async () => {
      const errors: unknown[] = [];
      for (const name of [...this.booted].reverse()) {
        try {
          await this.instances.get(name)!.shutdown();
        } catch (e) {
          errors.push(e);
        }
      }
      this.booted = [];
      if (errors.length) throw errors[0];
    })();
    return this.shuttingDown;
  }
}
