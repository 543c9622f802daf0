import { describe, expect, it } from 'vitest';
import { identityParameterOf } from './identity-parameter.js';

const heartbeat = (instanceId: string, extra = '') => `
[[inputs.mem]]
[[outputs.heartbeat]]
  url = "http://controller:8443/heartbeat"
  instance_id = ${instanceId}
  interval = "1m"
${extra}`;

describe('the identity parameter of a template (ADR 26)', () => {
  it("is the parameter the heartbeat output's instance_id is made of, with or without a default", () => {
    expect(identityParameterOf(heartbeat('"&{agent_id}"'))).toBe('agent_id');
    expect(identityParameterOf(heartbeat('"&{node:unnamed}"'))).toBe('node');
    expect(identityParameterOf(heartbeat("'&{host-name}'"))).toBe('host-name');
  });

  it('finds it among other placeholders, in a single [outputs.heartbeat] table too', () => {
    const template = `[agent]\n  hostname = "&{host}"\n[outputs.heartbeat]\n  url = "&{hb_url}"\n  instance_id = "&{id}"\n`;
    expect(identityParameterOf(template)).toBe('id');
  });

  it('is none for a literal, a constant, a variable, a mix, a missing output or a template that does not parse', () => {
    expect(identityParameterOf(heartbeat('"agent-1"'))).toBeUndefined();
    expect(identityParameterOf(heartbeat('"::{SITE}"'))).toBeUndefined();
    expect(identityParameterOf(heartbeat('"${HOSTNAME}"'))).toBeUndefined();
    expect(identityParameterOf(heartbeat('"&{site}-&{host}"'))).toBeUndefined();
    expect(identityParameterOf(heartbeat('"agent-&{host}"'))).toBeUndefined();
    expect(identityParameterOf('[[inputs.cpu]]\n# instance_id = "&{agent_id}"\n')).toBeUndefined();
    expect(identityParameterOf(heartbeat('"&{agent_id}"', '[[[broken'))).toBeUndefined();
  });

  it('ignores a placeholder in a comment and takes the first heartbeat output that has one', () => {
    const template = `[[outputs.heartbeat]]\n  instance_id = "fixed" # "&{x}"\n[[outputs.heartbeat]]\n  instance_id = "&{second}"\n`;
    expect(identityParameterOf(template)).toBe('second');
  });
});
