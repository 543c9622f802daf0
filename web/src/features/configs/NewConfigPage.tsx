import { Alert, Button, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ConfigCreate } from '@telegraf-controller/contract/configs';
import { IconPlus } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../../ui/FormError';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { useCan } from '../auth/use-can';
import { BackToConfigs } from './BackToConfigs';
import { ConfigWorkspace } from './ConfigWorkspace';
import { useConfigTemplate, useCreateConfig } from './configs.queries';
import { UnsavedChangesGuard } from '../../ui/UnsavedChangesGuard';
import { useConfigDraft } from './use-config-draft';

/**
 * A new configuration: name, description and TOML. The editor starts from the controller's heartbeat template, so
 * what will be saved shows before saving.
 */
export function NewConfigPage() {
  const canWrite = useCan('configs:write');
  const template = useConfigTemplate(canWrite);

  if (!canWrite) {
    return (
      <>
        <PageHeader title="Add Configuration" />
        <NoAccess>Your role cannot create configurations.</NoAccess>
      </>
    );
  }
  if (template.isPending) return <PageLoader />;
  // Without the template the editor starts empty; saved empty, the server still writes the template.
  return <NewConfigForm template={template.data?.toml ?? ''} templateMissing={template.isError} />;
}

function NewConfigForm({ template, templateMissing }: { template: string; templateMissing: boolean }) {
  const navigate = useNavigate();
  const draft = useConfigDraft({ name: '', description: '', toml: template }, null);
  const create = useCreateConfig();
  const { form } = draft;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    draft.clearSaveError();
    const name = form.values.name.trim();
    if (!name) {
      form.setErrors({ name: 'Enter a name.' });
      return;
    }
    const description = form.values.description.trim();
    const body: ConfigCreate = {
      name,
      ...(description ? { description } : {}),
      // Without TOML the server writes its heartbeat template, pointed at this controller.
      ...(draft.toml.trim() ? { toml: draft.toml } : {}),
    };
    create.mutate(body, {
      onSuccess: (config) => {
        notifications.show({ color: 'green', title: 'Configuration created', message: `${config.name} is version 1.` });
        navigate(`/configs/${config.id}`, { replace: true });
      },
      onError: draft.showSaveError,
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <UnsavedChangesGuard when={draft.dirty} noun="configuration" />
      <Stack gap={0}>
        <BackToConfigs />
        <PageHeader
          title="Add Configuration"
          description="Name it, then write or upload its Telegraf TOML. It is saved as version 1."
          actions={
            <Button type="submit" leftSection={<IconPlus size={18} aria-hidden />} loading={create.isPending}>
              Create Configuration
            </Button>
          }
        />
        <ConfigWorkspace
          draft={draft}
          readOnly={false}
          header={
            <>
              {templateMissing && (
                <Alert color="yellow" variant="light" title="The heartbeat template could not be loaded">
                  Write Telegraf TOML or upload a file. Created empty, the configuration still starts from the template.
                </Alert>
              )}
              <FormError error={draft.saveError} title="The configuration was not created" />
            </>
          }
          emptyText="Empty: the heartbeat template. Or write Telegraf TOML, or upload a file."
          hint="Telegraf TOML, checked as you type. It starts from the heartbeat template, which makes every agent that loads this configuration report to this controller; keep that block."
          footer={
            <Group justify="flex-end">
              <Button type="submit" leftSection={<IconPlus size={18} aria-hidden />} loading={create.isPending}>
                Create Configuration
              </Button>
            </Group>
          }
        />
      </Stack>
    </form>
  );
}
