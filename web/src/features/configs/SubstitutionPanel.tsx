import { Anchor, Badge, Card, Code, Divider, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import type { PlaceholderSummary } from '@telegraf-controller/contract/toml';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ConstantOption } from './editor/constant-completion';

type SubstitutionPanelProps = {
  placeholders: PlaceholderSummary | null;
  /** The defined constants; null when they are unknown (still loading, or not readable by this role). */
  constants: readonly ConstantOption[] | null;
};

/** What the TOML leaves open, by kind, in the colours the editor boxes them in. */
export function SubstitutionPanel({ placeholders, constants }: SubstitutionPanelProps) {
  const values = new Map(constants?.map(({ name, value }) => [name, value]));
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="substitutions-heading">
      <Title order={2} fz="h5" id="substitutions-heading">
        Substitute Configuration Values
      </Title>
      <Text size="xs" c="dimmed" mt={4}>
        Found in the TOML as you type. The controller fills parameters and constants when an agent loads the
        configuration; Telegraf resolves environment variables and secrets on the agent.
      </Text>
      {!placeholders ? (
        <Text size="sm" c="dimmed" mt="md">
          Checking the TOML…
        </Text>
      ) : (
        <Stack gap="sm" mt="md">
          <Section title="Parameters" syntax="&{name:default}" color="pink" count={placeholders.parameters.length}>
            {placeholders.parameters.map((parameter) => (
              <Item key={parameter.name} name={parameter.name} color="pink">
                {parameter.default === undefined ? (
                  <Badge size="xs" color="red" variant="light">
                    Required
                  </Badge>
                ) : (
                  <Text size="xs" c="dimmed" truncate title={parameter.default}>
                    default: {parameter.default || '(empty)'}
                  </Text>
                )}
              </Item>
            ))}
          </Section>
          <Divider />
          <Section title="Constants" syntax="::{name}" color="orange" count={placeholders.constants.length}>
            {placeholders.constants.map((name) => {
              const value = values.get(name);
              return (
                <Item key={name} name={name} color="orange">
                  {constants === null ? null : value === undefined ? (
                    <Tooltip label="Agents cannot load this configuration until the constant exists.">
                      <Badge size="xs" color="red" variant="filled">
                        Undefined
                      </Badge>
                    </Tooltip>
                  ) : (
                    <Text size="xs" c="dimmed" truncate title={value}>
                      {value}
                    </Text>
                  )}
                </Item>
              );
            })}
          </Section>
          {constants !== null && placeholders.constants.some((name) => !values.has(name)) && (
            <Anchor component={Link} to="/constants" size="xs">
              Define constants on the Constants page
            </Anchor>
          )}
          <Divider />
          <Section title="Environment variables" syntax="${VAR}" color="teal" count={placeholders.envVars.length}>
            {placeholders.envVars.map((name) => (
              <Item key={name} name={name} color="teal" />
            ))}
          </Section>
          <Divider />
          <Section title="Secrets" syntax="@{store:key}" color="violet" count={placeholders.secrets.length}>
            {placeholders.secrets.map((name) => (
              <Item key={name} name={name} color="violet" />
            ))}
          </Section>
        </Stack>
      )}
    </Card>
  );
}

type SectionProps = { title: string; syntax: string; color: string; count: number; children: ReactNode };

function Section({ title, syntax, color, count, children }: SectionProps) {
  return (
    <Stack gap={6} component="section" aria-label={title}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600}>
          {title}
        </Text>
        <Code c={`${color}.8`} bg={`${color}.0`} fz={11}>
          {syntax}
        </Code>
      </Group>
      {count === 0 ? (
        <Text size="xs" c="dimmed">
          None
        </Text>
      ) : (
        <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {children}
        </Stack>
      )}
    </Stack>
  );
}

function Item({ name, color, children }: { name: string; color: string; children?: ReactNode }) {
  return (
    <Group component="li" justify="space-between" gap="xs" wrap="nowrap">
      <Text
        size="xs"
        ff="monospace"
        c={`${color}.8`}
        bg={`${color}.0`}
        px={4}
        style={{
          border: `1px solid var(--mantine-color-${color}-4)`,
          borderRadius: 3,
          flexShrink: 0,
          maxWidth: '100%',
          overflowWrap: 'anywhere',
        }}
      >
        {name}
      </Text>
      {children && <div style={{ minWidth: 0 }}>{children}</div>}
    </Group>
  );
}
