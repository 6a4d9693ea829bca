// Reads a .cpuprofile and attributes its samples: self time by package and by function, and
// inclusive time by function (each function counted once per sample, whatever the recursion).
// Packages are node_modules names, `node:` modules, `(native)` (V8 builtins, syscalls, GC) and
// the api's own bundle (`api`).

function packageOf(url) {
  if (!url) return '(native)';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  if (url.startsWith('node:')) return url;
  if (url.includes('/dist/apps/')) return 'api';
  return url;
}

function top(counts, total, limit) {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, samples]) => ({
      share: Math.round((1000 * samples) / total) / 10,
      name,
    }));
}

export function summarize(profile, limit = 25) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id);
  const samplesOf = new Map();
  for (const id of profile.samples)
    samplesOf.set(id, (samplesOf.get(id) ?? 0) + 1);

  const name = ({ callFrame }) =>
    `${callFrame.functionName || '(anonymous)'} ${packageOf(callFrame.url)}`;
  const selfByPackage = new Map();
  const selfByFunction = new Map();
  const inclusive = new Map();
  const add = (map, key, count) => map.set(key, (map.get(key) ?? 0) + count);
  for (const [id, count] of samplesOf) {
    const node = nodes.get(id);
    add(selfByPackage, packageOf(node.callFrame.url), count);
    add(selfByFunction, name(node), count);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parents.get(at)) {
      const key = name(nodes.get(at));
      if (!seen.has(key)) add(inclusive, key, count);
      seen.add(key);
    }
  }
  const total = profile.samples.length;
  return {
    samples: total,
    selfByPackage: top(selfByPackage, total, limit),
    selfByFunction: top(selfByFunction, total, limit),
    inclusiveByFunction: top(inclusive, total, limit * 2),
  };
}
