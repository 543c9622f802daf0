import { StreamLanguage } from '@codemirror/language';
import { toml } from '@codemirror/legacy-modes/mode/toml';

/** TOML highlighting for every editor and diff of the app. */
export const tomlLanguage = StreamLanguage.define(toml);
