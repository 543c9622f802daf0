import { createTheme, type MantineColorsTuple } from '@mantine/core';

const navy: MantineColorsTuple = [
  '#eef3fb',
  '#d9e2f2',
  '#b0c3e4',
  '#84a2d6',
  '#6086ca',
  '#4975c3',
  '#3d6cc1',
  '#2f5baa',
  '#1f3f7a',
  '#132a52',
];

export const theme = createTheme({
  primaryColor: 'navy',
  primaryShade: 7,
  colors: { navy },
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
});
