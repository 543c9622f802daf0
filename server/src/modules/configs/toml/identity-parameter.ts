import { scanPlaceholders } from './placeholders.js';
import { parseTelegrafToml } from './telegraf-toml.js';
import { isTomlScalar, isTomlTable, isTomlTableArray, type TomlTable } from './toml-values.js';

/** The identity parameter of a template whose heartbeat `instance_id` is not made of one (ADR 26). */
export const DEFAULT_IDENTITY_PARAMETER = 'agent_id';

const MARKER = /^tcplaceholder(\d+)x$/;

/**
 * The parameter a template's `[[outputs.heartbeat]]` `instance_id` is made of (ADR 26): its value must be exactly one
 * `&{name}` (with or without a default), so the rendered `instance_id` is that parameter's value and a fetch carrying
 * it names the very agent that will heartbeat. Undefined when there is no such output, its `instance_id` is a
 * literal, a constant, a variable or a mix, or the template does not parse.
 */
export function identityParameterOf(template: string): string | undefined {
  const { occurrences } = scanPlaceholders(template);
  // Each placeholder inside a string becomes a marker naming its occurrence; one standing bare becomes a number.
  let text = '';
  let copied = 0;
  occurrences.forEach((occurrence, index) => {
    if (occurrence.kind !== 'parameter' && occurrence.kind !== 'constant') return;
    if (occurrence.context === 'comment') return;
    const standIn = occurrence.context === 'bare' ? '0' : `tcplaceholder${index}x`;
    text += template.slice(copied, occurrence.start) + standIn;
    copied = occurrence.end;
  });
  const parsed = parseTelegrafToml(text + template.slice(copied));
  if (!parsed.ok) return undefined;
  const outputs = parsed.document.outputs;
  const heartbeat = outputs !== undefined && isTomlTable(outputs) ? outputs.heartbeat : undefined;
  if (heartbeat === undefined) return undefined;
  const instances: readonly TomlTable[] = isTomlTableArray(heartbeat)
    ? heartbeat
    : isTomlTable(heartbeat)
      ? [heartbeat]
      : [];
  for (const instance of instances) {
    const value = instance.instance_id;
    if (value === undefined || !isTomlScalar(value) || value.type !== 'string') continue;
    const index = MARKER.exec(value.value)?.[1];
    const occurrence = index === undefined ? undefined : occurrences[Number(index)];
    if (occurrence?.kind === 'parameter') return occurrence.name;
  }
  return undefined;
}
