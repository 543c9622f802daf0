import { Card, Grid, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { ConfigName, Description } from '@telegraf-controller/contract/configs';
import type { ReactNode } from 'react';
import { schemaNumber } from '../../ui/schema-bounds';
import { TomlEditor } from './editor/TomlEditor';
import { FindingsSummary } from './FindingsSummary';
import { SubstitutionPanel } from './SubstitutionPanel';
import { TomlUploadButton } from './TomlUploadButton';
import type { ConfigDraft } from './use-config-draft';

const NAME_MAX_LENGTH = schemaNumber(ConfigName, 'maxLength');
const DESCRIPTION_MAX_LENGTH = schemaNumber(Description, 'maxLength');

type ConfigWorkspaceProps = {
  draft: ConfigDraft;
  readOnly: boolean;
  /** Above the fields: e.g. why the last save failed. */
  header?: ReactNode;
  /** Under the editor: the change note and the save button. */
  footer?: ReactNode;
  /** Shown in the empty editor. */
  emptyText?: string;
  /** Under the editor's heading: what the TOML is for on this page. */
  hint?: ReactNode;
};

/** Name and description, the TOML editor with its findings, and what the TOML leaves to be substituted. */
export function ConfigWorkspace({ draft, readOnly, header, footer, emptyText, hint }: ConfigWorkspaceProps) {
  const { form } = draft;
  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, lg: 9 }}>
        <Stack gap="lg">
          {header}
          <Card withBorder radius="md" padding="lg">
            <Group grow align="flex-start">
              <TextInput
                label="Name"
                withAsterisk
                maxLength={NAME_MAX_LENGTH}
                readOnly={readOnly}
                {...form.inputProps('name')}
              />
              <Textarea
                label="Description"
                autosize
                minRows={1}
                maxRows={4}
                maxLength={DESCRIPTION_MAX_LENGTH}
                readOnly={readOnly}
                {...form.inputProps('description')}
              />
            </Group>
          </Card>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="toml-heading">
            <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
              <div style={{ flex: 1, minWidth: 0 }}>
                <Title order={2} fz="h4" id="toml-heading">
                  Configuration
                </Title>
                <Text size="xs" c="dimmed">
                  {hint ?? (
                    <>
                      Telegraf TOML, checked as you type. After <code>::{'{'}</code> the defined constants are offered,
                      and after <code>[[inputs.</code> (or any plugin type) the plugins Telegraf provides.
                    </>
                  )}
                </Text>
              </div>
              {!readOnly && <TomlUploadButton onText={draft.setToml} />}
            </Group>
            <TomlEditor
              value={draft.toml}
              onChange={draft.setToml}
              findings={draft.findings}
              constants={draft.constants}
              plugins={draft.plugins}
              label="Configuration TOML"
              readOnly={readOnly}
              emptyText={emptyText}
            />
            <Stack gap="md" mt="sm">
              <FindingsSummary findings={draft.findings} checking={draft.checking} error={draft.validationError} />
              {footer}
            </Stack>
          </Card>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 3 }}>
        <SubstitutionPanel placeholders={draft.placeholders} constants={draft.constants} />
      </Grid.Col>
    </Grid>
  );
}
