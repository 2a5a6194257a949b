import type { CommandEvent } from '../admin/commands.ts';

/** Draws command progress: a redrawn bar on a terminal, a line every 10% in a log. */
export function createProgressPrinter(stream: NodeJS.WriteStream = process.stderr): (event: CommandEvent) => void {
  let lastDecile = -1;
  let lastLabel: string | undefined;
  return (event) => {
    if (event.type === 'line') {
      stream.write(`${event.text}\n`);
      return;
    }
    if (event.type !== 'progress') return;
    // A command may report several phases one after the other (e.g. renewal orders, then charges): each gets its bar.
    if (event.label !== lastLabel) {
      lastLabel = event.label;
      lastDecile = -1;
    }
    const ratio = event.total === 0 ? 1 : event.done / event.total;
    const percent = Math.floor(ratio * 100);
    const label = event.label ? ` ${event.label}` : '';
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(
        `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${percent}% ${event.done}/${event.total}${label}`,
      );
      if (event.done >= event.total) stream.write('\n');
    } else if (Math.floor(percent / 10) !== lastDecile) {
      lastDecile = Math.floor(percent / 10);
      stream.write(`${percent}% ${event.done}/${event.total}${label}\n`);
    }
  };
}
