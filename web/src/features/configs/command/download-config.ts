import { apiText } from '../../../api';
import { sourceItemPath, type ConfigSource } from '../configs.queries';

/**
 * Downloads the TOML an agent would load with these parameter values, under `fileName`: the same answer the URL
 * gives (constants and parameters filled in, `${VAR}` left for Telegraf), read with the user's session.
 */
export async function downloadConfig(
  source: ConfigSource,
  id: string,
  parameters: Record<string, string>,
  fileName: string,
): Promise<void> {
  const query = new URLSearchParams(Object.entries(parameters).filter(([, value]) => value !== ''));
  const toml = await apiText(`${sourceItemPath(source, id)}/toml${query.size > 0 ? `?${query}` : ''}`);
  const url = URL.createObjectURL(new Blob([toml], { type: 'application/toml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
