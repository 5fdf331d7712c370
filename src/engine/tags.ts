/** Tag selection, Ansible's rules: `always` runs unless skipped, `never` only when asked for. */
export function tagSelected(taskTags: string[], only: string[] = [], skip: string[] = []): boolean {
  const tags = new Set(taskTags);
  if (skip.some((t) => tags.has(t)) || skip.includes('all')) return false;
  if (tags.has('never') && !only.some((t) => t !== 'all' && tags.has(t))) return false;
  if (only.length === 0 || only.includes('all')) return true;
  if (tags.has('always')) return true;
  if (only.includes('tagged') && tags.size > 0) return true;
  if (only.includes('untagged') && tags.size === 0) return true;
  return only.some((t) => tags.has(t));
}
