import { apiText } from '../../../api';
import { sourceItemPath, type ConfigSource } from '../configs.queries';
import { saveFile } from '../../../ui/save-file';

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
  saveFile(fileName, toml, 'application/toml');
}
