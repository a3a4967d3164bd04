// bench/peers/report.js — the markdown report of bench/peers.sh, from the
// runs bench/interleave recorded (-json) for each scenario:
//
//   node report.js --machine TEXT --label KEY=TEXT... --scenario ID=FILE --title ID=TEXT --short ID=TEXT...
//
// Commands are known by key (the interleave -names): irislint, base (a
// second irislint build), bare (irislint, no node_modules), bun (one
// process), bun-each (one process per app), floor (bench/floor), tsx,
// tsc, tsc7. Ratios are given twice: of the medians, and the spread of the
// per-round ratios (runs of the same round ran seconds apart, so drift of
// the machine's speed cancels out).
'use strict';
const fs = require('fs');

const labels = {};
const titles = {};
const shorts = {}; // the scenario's name in the summary table
const scenarios = [];
let machine = '';
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const [flag, value] = [args[i], args[i + 1]];
  const eq = value === undefined ? -1 : value.indexOf('=');
  if (flag === '--machine') machine = value;
  else if (flag === '--label' && eq > 0) labels[value.slice(0, eq)] = value.slice(eq + 1);
  else if (flag === '--title' && eq > 0) titles[value.slice(0, eq)] = value.slice(eq + 1);
  else if (flag === '--short' && eq > 0) shorts[value.slice(0, eq)] = value.slice(eq + 1);
  else if (flag === '--scenario' && eq > 0) scenarios.push({ id: value.slice(0, eq), data: JSON.parse(fs.readFileSync(value.slice(eq + 1), 'utf8')) });
  else {
    console.error(`report.js: unexpected argument ${flag}`);
    process.exit(2);
  }
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(q * (s.length - 1))];
};
const ms = (ns) => {
  const v = ns / 1e6;
  return v < 100 ? v.toFixed(1) + ' ms' : Math.round(v) + ' ms';
};
const range = (a, b) => ms(a).replace(' ms', '') + '–' + ms(b);
const mib = (kib) => Math.round(kib / 1024) + ' MiB';
const x = (r) => (r < 10 ? r.toFixed(2) : r.toFixed(0));

// stats of one command; ratio(a, b) of two, both ways described above.
const stats = (c) => {
  const wall = c.runs.map((r) => r.wallNs);
  return {
    c, median: quantile(wall, 0.5), p25: quantile(wall, 0.25), p75: quantile(wall, 0.75),
    cpu: quantile(c.runs.map((r) => r.cpuNs), 0.5),
    rss: quantile(c.runs.map((r) => r.maxRSSKiB), 0.5), rssMax: Math.max(...c.runs.map((r) => r.maxRSSKiB)),
  };
};
const ratio = (a, b) => {
  const byRound = new Map(b.c.runs.map((r) => [r.round, r.wallNs]));
  const per = a.c.runs.filter((r) => byRound.has(r.round)).map((r) => r.wallNs / byRound.get(r.round));
  return { ofMedians: a.median / b.median, p25: quantile(per, 0.25), median: quantile(per, 0.5), p75: quantile(per, 0.75), n: per.length };
};
const ratioText = (r) => `**${x(r.ofMedians)}** (per round ${x(r.median)}, ${x(r.p25)}–${x(r.p75)})`;

const out = [];
const all = scenarios.map((s) => {
  const byKey = {};
  for (const c of s.data.commands) byKey[c.name] = stats(c);
  return { ...s, byKey };
});

// The summary: irislint (and base) against Bun, per scenario.
const hasBase = all.some((s) => s.byKey.base);
out.push('| work | irislint | Bun | irislint / Bun |' + (hasBase ? ' irislint base | base / Bun | irislint / base |' : ''));
out.push('|---|---:|---:|---:|' + (hasBase ? '---:|---:|---:|' : ''));
for (const s of all) {
  const { irislint, base } = s.byKey;
  for (const bunKey of ['bun', 'bun-each']) {
    const bun = s.byKey[bunKey];
    if (!bun || !irislint) continue;
    const work = (shorts[s.id] || s.id) + (bunKey === 'bun-each' ? ', one Bun process per manifest' : s.byKey['bun-each'] ? ', one Bun process' : '');
    let row = `| ${work} | ${ms(irislint.median)} | ${ms(bun.median)} | ${ratioText(ratio(irislint, bun))} |`;
    if (hasBase) row += base ? ` ${ms(base.median)} | ${ratioText(ratio(base, bun))} | ${ratioText(ratio(irislint, base))} |` : ' | | |';
    out.push(row);
  }
  if (s.byKey.floor && s.byKey.bun) {
    // what irislint's design cannot go below, against Bun in the same rounds
    const floor = s.byKey.floor, bun = s.byKey.bun;
    let row = `| ${shorts[s.id] || s.id}, the floor (esbuild + goja only) | ${ms(floor.median)} | ${ms(bun.median)} | ${ratioText(ratio(floor, bun))} |`;
    if (hasBase) row += ' | | |';
    out.push(row);
  }
  if (s.byKey.warm && s.byKey.bun) {
    const warm = s.byKey.warm, bun = s.byKey.bun;
    let row = `| ${shorts[s.id] || s.id}, warm cache | ${ms(warm.median)} | ${ms(bun.median)} | ${ratioText(ratio(warm, bun))} |`;
    if (hasBase) row += ' | | |';
    out.push(row);
  }
  if (irislint && s.byKey.bun) {
    let row = `| peak RSS, ${shorts[s.id] || s.id} | ${mib(irislint.rss)} | ${mib(s.byKey.bun.rss)} | ${x(irislint.rss / s.byKey.bun.rss)} |`;
    if (hasBase) row += base ? ` ${mib(base.rss)} | ${x(base.rss / s.byKey.bun.rss)} | ${x(irislint.rss / base.rss)} |` : ' | | |';
    out.push(row);
  }
}
out.push('');
out.push('Ratios: of the medians; in brackets, the median and the 25th–75th percentiles of the ratio of the two runs in each round. Peak RSS: medians of the runs.');

for (const s of all) {
  const ref = s.byKey.irislint;
  out.push('', `### ${titles[s.id] || s.id}`, '');
  out.push(`${s.data.rounds} rounds after ${s.data.warmup} warm-up rounds, one run of each command per round (bench/interleave); the slower ones in fewer rounds (Runs).`, '');
  out.push('| way | median | p25–p75 | CPU (median) | peak RSS (median, max) | runs | × irislint |');
  out.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const c of s.data.commands) {
    const st = s.byKey[c.name];
    const vs = !ref || c.name === 'irislint' ? '1' : ratioText(ratio(st, ref));
    out.push(`| ${labels[c.name] || c.name} | **${ms(st.median)}** | ${range(st.p25, st.p75)} | ${ms(st.cpu)} | ${mib(st.rss)}, ${mib(st.rssMax)} | ${c.runs.length} | ${vs} |`);
  }
  out.push('', 'Commands (run in the workspace, no shell):', '');
  for (const c of s.data.commands) out.push(`- ${c.name} (exit ${c.exit}): \`${c.command}\``);
}
out.push('', machine);
console.log(out.join('\n'));
