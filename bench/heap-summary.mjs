// What holds the bytes of a V8 heap snapshot (bench/memory.bench.ts MEM_SNAPSHOT=dir writes them):
//   node --max-old-space-size=4096 bench/heap-summary.mjs file.heapsnapshot [top]
// Prints self size by constructor/type, and the objects with the largest retained size (dominator
// tree, Cooper-Harvey-Kennedy) with their path from the GC roots. Not shipped; a diagnosis tool.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const TOP = Number(process.argv[3] ?? 30);
const snap = JSON.parse(readFileSync(file, 'utf8'));
const meta = snap.snapshot.meta;
const NF = meta.node_fields.length;
const EF = meta.edge_fields.length;
const nTypes = meta.node_fields.indexOf('type');
const nName = meta.node_fields.indexOf('name');
const nSelf = meta.node_fields.indexOf('self_size');
const nEdges = meta.node_fields.indexOf('edge_count');
const eType = meta.edge_fields.indexOf('type');
const eName = meta.edge_fields.indexOf('name_or_index');
const eTo = meta.edge_fields.indexOf('to_node');
const nodeTypes = meta.node_types[nTypes];
const edgeTypes = meta.edge_types[eType];
const { nodes, edges, strings } = snap;
const N = nodes.length / NF;
const firstEdge = new Uint32Array(N + 1);
for (let i = 0, e = 0; i < N; i++) {
  firstEdge[i] = e;
  e += nodes[i * NF + nEdges] * EF;
  firstEdge[i + 1] = e;
}
const type = (i) => nodeTypes[nodes[i * NF + nTypes]];
const name = (i) => strings[nodes[i * NF + nName]];
const self = (i) => nodes[i * NF + nSelf];
const label = (i) => {
  const t = type(i);
  if (t === 'string' || t === 'concatenated string' || t === 'sliced string') return `${t} "${name(i).slice(0, 40).replace(/\n/g, ' ')}"`;
  if (t === 'object' || t === 'closure' || t === 'native') return `${t} ${name(i)}`;
  return `${t} ${name(i).slice(0, 40)}`;
};
const weak = (e) => edgeTypes[edges[e + eType]] === 'weak' || edgeTypes[edges[e + eType]] === 'shortcut';
const edgeLabel = (e) => {
  const t = edgeTypes[edges[e + eType]];
  const n = edges[e + eName];
  return t === 'element' || t === 'hidden' ? `[${n}]` : t === 'internal' ? `{${strings[n]}}` : `.${strings[n]}`;
};

// By constructor / type.
const byKind = new Map();
for (let i = 0; i < N; i++) {
  const t = type(i);
  const k = t === 'object' || t === 'closure' ? `${t} ${name(i)}` : t === 'array' || t === 'code' || t === 'hidden' ? `${t} ${name(i).slice(0, 30)}` : t;
  const v = byKind.get(k) ?? [0, 0];
  v[0] += self(i);
  v[1]++;
  byKind.set(k, v);
}
const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
let total = 0;
for (let i = 0; i < N; i++) total += self(i);
console.log(`${file}: ${N} nodes, ${mb(total)}\n\nSelf size by kind:`);
for (const [k, [s, c]] of [...byKind].sort((a, b) => b[1][0] - a[1][0]).slice(0, TOP)) console.log(`  ${mb(s).padStart(10)} ${String(c).padStart(8)}  ${k}`);

// Dominators over strong edges from node 0 (the synthetic root).
const order = new Int32Array(N).fill(-1); // post-order index
const post = [];
const parentEdge = new Int32Array(N).fill(-1);
const parent = new Int32Array(N).fill(-1);
{
  const stack = [0];
  const iter = new Uint32Array(N);
  const seen = new Uint8Array(N);
  seen[0] = 1;
  for (let i = 0; i < N; i++) iter[i] = firstEdge[i];
  while (stack.length) {
    const v = stack[stack.length - 1];
    if (iter[v] < firstEdge[v + 1]) {
      const e = iter[v];
      iter[v] += EF;
      if (weak(e)) continue;
      const w = edges[e + eTo] / NF;
      if (!seen[w]) {
        seen[w] = 1;
        parent[w] = v;
        parentEdge[w] = e;
        stack.push(w);
      }
    } else {
      stack.pop();
      order[v] = post.length;
      post.push(v);
    }
  }
}
// Predecessors.
const predCount = new Uint32Array(N + 1);
for (let v = 0; v < N; v++) {
  if (order[v] < 0) continue;
  for (let e = firstEdge[v]; e < firstEdge[v + 1]; e += EF) if (!weak(e)) predCount[edges[e + eTo] / NF]++;
}
const predStart = new Uint32Array(N + 1);
for (let i = 0; i < N; i++) predStart[i + 1] = predStart[i] + predCount[i];
const preds = new Uint32Array(predStart[N]);
const fill = predStart.slice();
for (let v = 0; v < N; v++) {
  if (order[v] < 0) continue;
  for (let e = firstEdge[v]; e < firstEdge[v + 1]; e += EF) if (!weak(e)) preds[fill[edges[e + eTo] / NF]++] = v;
}
const idom = new Int32Array(N).fill(-1);
idom[0] = 0;
const intersect = (a, b) => {
  while (a !== b) {
    while (order[a] < order[b]) a = idom[a];
    while (order[b] < order[a]) b = idom[b];
  }
  return a;
};
for (let changed = true; changed; ) {
  changed = false;
  for (let k = post.length - 2; k >= 0; k--) {
    const v = post[k];
    let d = -1;
    for (let p = predStart[v]; p < predStart[v + 1]; p++) {
      const u = preds[p];
      if (order[u] < 0 || idom[u] < 0) continue;
      d = d < 0 ? u : intersect(u, d);
    }
    if (d >= 0 && idom[v] !== d) {
      idom[v] = d;
      changed = true;
    }
  }
}
const retained = new Float64Array(N);
for (const v of post) {
  retained[v] += self(v);
  if (v !== 0 && idom[v] >= 0) retained[idom[v]] += retained[v];
}
const path = (v) => {
  const parts = [];
  for (let x = v, n = 0; x > 0 && n < 12; x = parent[x], n++) parts.unshift(`${parentEdge[x] >= 0 ? edgeLabel(parentEdge[x]) : ''}`);
  return parts.join('');
};
console.log(`\nLargest retained (not counting the roots and system objects):`);
const cands = [];
for (let v = 1; v < N; v++) {
  if (order[v] < 0 || retained[v] < 256 * 1024) continue;
  const t = type(v);
  if (t === 'synthetic' || t === 'code') continue;
  cands.push(v);
}
cands.sort((a, b) => retained[b] - retained[a]);
for (const v of cands.slice(0, TOP)) console.log(`  ${mb(retained[v]).padStart(10)}  ${label(v)}  via ${path(v).slice(-200)}`);

// Self size of arrays and strings by the property that holds them (first strong retainer).
const byEdge = new Map();
for (let v = 0; v < N; v++) {
  if (order[v] < 0) continue;
  for (let e = firstEdge[v]; e < firstEdge[v + 1]; e += EF) {
    if (weak(e)) continue;
    const w = edges[e + eTo] / NF;
    if (parent[w] !== v || parentEdge[w] !== e) continue;
    const t = type(w);
    if (t !== 'array' && t !== 'string' && t !== 'object' && t !== 'sliced string' && t !== 'concatenated string') continue;
    let lab = edgeLabel(e);
    let holder = v;
    // An Array's elements store: named by the property holding the Array.
    if (t === 'array' && type(v) === 'object' && (name(v) === 'Array' || name(v) === 'Map' || name(v) === 'Set') && parent[v] >= 0 && parentEdge[v] >= 0) {
      lab = `${edgeLabel(parentEdge[v])} (${name(v)})`;
      holder = parent[v];
    }
    // An object in an Array's elements store: named by the property holding the Array (or the Map).
    if ((t === 'object' || t === 'string') && type(v) === 'object' && name(v) === 'Array' && parentEdge[v] >= 0) {
      lab = `${edgeLabel(parentEdge[v])} (Array)[]`;
      holder = parent[v];
    } else if (t === 'object' && type(v) === 'array' && parent[v] >= 0 && parent[parent[v]] >= 0 && parentEdge[parent[v]] >= 0) {
      const arr = parent[v];
      lab = `${edgeLabel(parentEdge[arr])} (${name(arr)})[]`;
      holder = parent[arr];
      if (name(holder) === 'Map' && parentEdge[holder] >= 0) {
        lab = `${edgeLabel(parentEdge[holder])} (Map)[]`;
        holder = parent[holder];
      }
    }
    const k = `${t === 'object' ? 'object ' + name(w) : t} in ${type(holder) === 'object' ? name(holder) : type(holder)}${/^\[/.test(lab) ? '[]' + lab.replace(/^\[\d+\]/, '') : lab}`;
    const x = byEdge.get(k) ?? [0, 0];
    x[0] += self(w);
    x[1]++;
    byEdge.set(k, x);
  }
}
console.log('\nSelf size by holder (first retainer in a depth-first walk):');
for (const [k, [s, c]] of [...byEdge].sort((a, b) => b[1][0] - a[1][0]).slice(0, TOP)) console.log(`  ${mb(s).padStart(10)} ${String(c).padStart(8)}  ${k}`);
