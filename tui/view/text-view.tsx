/**
 * Describe, YAML and log views: a title with the view's toggles and one page
 * of lines from the text store, following the end when autoscroll is on.
 */
import { Box, Text } from 'ink';
import type { TextContent } from '../model/text-store.js';
import type { Skin } from '../skin.js';
import type { TextFrame } from '../state/ui-state.js';
import { LOG_TAIL_LINES } from '../state/keymap.js';

function toggles(frame: TextFrame): string {
  if (frame.source.type !== 'logs') return frame.wrap ? ' [wrap]' : '';
  const log = frame.source.log;
  const on = (flag: boolean, name: string): string => `${name}:${flag ? 'on' : 'off'}`;
  const window = log.sinceSeconds ? `since:${log.sinceSeconds}s` : `tail:${LOG_TAIL_LINES}`;
  return ` [${[`container:${log.container ?? '-'}`, on(frame.follow, 'autoscroll'), on(log.timestamps, 'timestamps'), on(log.previous, 'previous'), on(frame.wrap, 'wrap'), window].join(' ')}]`;
}

/** First line to show: the end when following, else the frame's own scroll position. */
function textTop(frame: TextFrame, lines: number, pageSize: number): number {
  const max = Math.max(0, lines - pageSize);
  return frame.follow ? max : Math.min(frame.top, max);
}

/** One page of a text frame. */
export function TextView(props: { frame: TextFrame; content: TextContent; pageSize: number; skin: Skin }) {
  const { frame, content, pageSize, skin } = props;
  const start = textTop(frame, content.lines.length, pageSize);
  const page = content.lines.slice(start, start + pageSize);
  return (
    <Box flexDirection="column">
      <Text color={skin.chrome.title} bold wrap="truncate">{` ${frame.title}${toggles(frame)}${content.loading ? ' loading…' : ''} `}</Text>
      {page.map((line, i) => <Text key={start + i} wrap={frame.wrap ? 'wrap' : 'truncate'}>{line || ' '}</Text>)}
    </Box>
  );
}
