/**
 * Shell completion for `rk`: the generated bash/zsh script asks `rk __complete
 * <words...>` for candidates, which come from three places — the verbs (static),
 * the kinds (live discovery) and object names (a live list). `candidates` is the
 * pure decision of what the cursor position wants.
 */

/** Verbs whose first argument is a kind and second an object name. */
export const RESOURCE_VERBS = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'scale', 'autoscale', 'explain']);

/** What to complete: a verb, a kind, or names of a kind (`resource`). */
export type Want = { kind: 'verbs' } | { kind: 'kinds' } | { kind: 'names'; resource: string } | { kind: 'none' };

/** Decides what the last (partial) word needs from the words before it; flags and their values are skipped. */
export function wantFor(words: string[]): Want {
  const positional = words.slice(0, -1).filter((w, i, all) => !w.startsWith('-') && !(i > 0 && /^-(n|l|o|c|f)$|^--(namespace|selector|output|context|kubeconfig|container|filename)$/.test(all[i - 1])));
  if (positional.length === 0) return { kind: 'verbs' };
  const verb = positional[0];
  if (verb === 'logs' || verb === 'exec') return positional.length === 1 ? { kind: 'names', resource: 'pods' } : { kind: 'none' };
  if (['cordon', 'uncordon', 'drain'].includes(verb)) return { kind: 'names', resource: 'nodes' };
  if (verb === 'rollout' && positional.length === 2) return { kind: 'kinds' };
  if (!RESOURCE_VERBS.has(verb)) return { kind: 'none' };
  if (positional.length === 1) return { kind: 'kinds' };
  return { kind: 'names', resource: positional[1].split(',')[0] };
}

/** The bash script (`source <(rk completion bash)`). */
export function bashScript(): string {
  return `# rk bash completion: source <(rk completion bash)
_rk_complete() {
  local cur=\${COMP_WORDS[COMP_CWORD]}
  local IFS=$'\\n'
  COMPREPLY=( $(compgen -W "$(rk __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)" -- "$cur") )
}
complete -o default -F _rk_complete rk
`;
}

/** The zsh script (`source <(rk completion zsh)`). */
export function zshScript(): string {
  return `#compdef rk
# rk zsh completion: source <(rk completion zsh)
_rk() {
  local -a candidates
  candidates=("\${(@f)$(rk __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _rk rk
`;
}
