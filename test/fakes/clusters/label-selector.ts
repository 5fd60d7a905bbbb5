/** Label selectors as the API server reads them: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`. */
export function matchesSelector(selector: string, labels: Readonly<Record<string, string>>): boolean {
  const terms = selector.match(/[^,()]+(\([^)]*\))?/g) ?? [];
  return terms.every((raw) => matchesTerm(raw.trim(), labels));
}

function matchesTerm(term: string, labels: Readonly<Record<string, string>>): boolean {
  if (term === '') return true;
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set) {
    const values = set[3]!.split(',').map((v) => v.trim());
    const has = set[1]! in labels && values.includes(labels[set[1]!]!);
    return set[2] === 'in' ? has : !has;
  }
  const eq = /^([^!=]+)(==|=|!=)(.*)$/.exec(term);
  if (eq) return eq[2] === '!=' ? labels[eq[1]!] !== eq[3] : labels[eq[1]!] === eq[3];
  return term.startsWith('!') ? !(term.slice(1) in labels) : term in labels;
}
