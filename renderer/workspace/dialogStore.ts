// Modal questions asked by the workspace (confirm a deletion, name a thing, choose an option),
// as promises, so flows read top to bottom; DialogHost renders whichever is open.

export interface DialogChoice {
  value: string;
  label: string;
  danger?: boolean;
}

export type OpenDialog =
  | { kind: 'confirm'; title: string; message: string; confirmLabel: string; resolve: (ok: boolean) => void }
  | { kind: 'prompt'; title: string; label: string; initial: string; resolve: (value: string | null) => void }
  | { kind: 'choose'; title: string; message: string; choices: DialogChoice[]; resolve: (value: string | null) => void };

export class DialogStore {
  private current: OpenDialog | null = null;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): OpenDialog | null => this.current;

  confirm(title: string, message: string, confirmLabel: string): Promise<boolean> {
    return new Promise((resolve) => this.open({ kind: 'confirm', title, message, confirmLabel, resolve: this.closing(resolve) }));
  }

  prompt(title: string, label: string, initial = ''): Promise<string | null> {
    return new Promise((resolve) => this.open({ kind: 'prompt', title, label, initial, resolve: this.closing(resolve) }));
  }

  choose(title: string, message: string, choices: DialogChoice[]): Promise<string | null> {
    return new Promise((resolve) => this.open({ kind: 'choose', title, message, choices, resolve: this.closing(resolve) }));
  }

  private closing<T>(resolve: (value: T) => void): (value: T) => void {
    return (value) => {
      this.open(null);
      resolve(value);
    };
  }

  private open(dialog: OpenDialog | null): void {
    this.current = dialog;
    for (const listener of this.listeners) listener();
  }
}
