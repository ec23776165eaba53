// The app's command registry: what the command palette (Ctrl+Shift+P, Ctrl+K) lists. A feature
// adds its entries with `commands.register(…)` where it lives (the body editor registers the
// shortcode palette) and drops them with the function it gets back, so the palette never knows
// the features and a feature that is not on screen is not offered.

export interface AppCommand {
  /** Stable id (`new-page`), also the option's test id. */
  id: string;
  /** What the palette shows and searches: an imperative ("New page…"). */
  label: string;
  /** The keyboard shortcut, as shown (`Ctrl+N`). */
  keys?: string;
  /** Runs it; the palette is closed first, so a command may open a dialog. */
  run: () => void;
  /** Whether it can run now (a disabled entry is listed, greyed, with the reason unsaid). */
  enabled?: () => boolean;
}

class CommandRegistry {
  list = $state.raw<AppCommand[]>([]);

  /** Adds `command` (replacing one with the same id); returns the function that removes it. */
  register(command: AppCommand): () => void {
    this.list = [...this.list.filter((c) => c.id !== command.id), command];
    return () => {
      this.list = this.list.filter((c) => c !== command);
    };
  }

  /** Runs the command `id` when it is registered and enabled (a button elsewhere, a shortcut). */
  run(id: string): void {
    const command = this.list.find((c) => c.id === id);
    if (command && (command.enabled?.() ?? true)) command.run();
  }
}

export const commands = new CommandRegistry();
