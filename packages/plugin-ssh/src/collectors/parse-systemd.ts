/** A unit's state as systemd reports it. */
export interface UnitState {
  unit: string;
  load: string;
  active: string;
  sub: string;
}

/**
 * Parses `systemctl list-units --all --plain --no-legend --no-pager` (columns UNIT LOAD ACTIVE
 * SUB DESCRIPTION). A leading `●` (failed units, older systemd without `--plain`) is dropped.
 *
 * @param text - the command's output
 * @returns one entry per unit
 */
export function parseListUnits(text: string): UnitState[] {
  const out: UnitState[] = [];
  for (const raw of text.split('\n')) {
    const fields = raw
      .replace(/^\s*[●*]\s*/, '')
      .trim()
      .split(/\s+/);
    const [unit, load, active, sub] = fields;
    if (unit === undefined || unit === '' || load === undefined || active === undefined || sub === undefined) continue;
    out.push({ unit, load, active, sub });
  }
  return out;
}

/**
 * Parses `systemctl show -p Id,LoadState,ActiveState,SubState unit…`: blocks of `Key=Value`
 * lines separated by blank lines, one block per unit in the order asked.
 *
 * @param text - the command's output
 * @returns one entry per block
 */
export function parseSystemctlShow(text: string): UnitState[] {
  const out: UnitState[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const kv = new Map<string, string>();
    for (const line of block.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) kv.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
    }
    const unit = kv.get('Id');
    if (unit === undefined || unit === '') continue;
    out.push({
      unit,
      load: kv.get('LoadState') ?? 'unknown',
      active: kv.get('ActiveState') ?? 'unknown',
      sub: kv.get('SubState') ?? 'unknown',
    });
  }
  return out;
}

/** The ActiveState values systemd uses; each unit gets one 0/1 series per state. */
export const ACTIVE_STATES = ['active', 'reloading', 'inactive', 'failed', 'activating', 'deactivating'] as const;
