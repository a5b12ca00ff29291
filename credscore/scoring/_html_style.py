"""The HTML report's inline style sheet (no fonts, images or anything else fetched).

Every highlight differs from the others in its line or border style and carries a text label or
tooltip, so no meaning rests on colour alone; text colours reach WCAG AA contrast (4.5:1) on their
backgrounds, and lines and borders 3:1.
"""

from __future__ import annotations

__all__ = ["CSS"]

CSS = """
:root {
  --ink: #1c1e21; --muted: #4b5563; --rule: #d6d9de; --paper: #ffffff; --panel: #f6f7f9;
  --hedge-bg: #fff0b8; --hedge-line: #946200; --hedge-ink: #6b4700;
  --boost-bg: #d3f2df; --boost-line: #0b7340; --boost-ink: #0a5a32;
  --cue-bg: #eee6ff; --cue-line: #6231c4; --cue-ink: #4c1d95;
  --source-bg: #dde9ff; --source-line: #2357c6; --source-ink: #1a3f8f;
  --drop-bg: #eef0f3; --drop-ink: #555b65;
  --meter: #334155; --corr: #0f6e64;
  --sans: system-ui, -apple-system, "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans",
    sans-serif;
  --serif: Charter, "Iowan Old Style", Georgia, "Liberation Serif", "DejaVu Serif", serif;
}
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body { font: 15px/1.5 var(--sans); margin: 0 auto; max-width: 60rem; padding: 1.5rem 2rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; letter-spacing: -.01em; }
h2 { font-size: 1.3rem; margin: 0 0 .35rem; line-height: 1.3; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
a { color: #1d4ed8; }
.sub, .meta, .note { color: var(--muted); margin: 0 0 .75rem; }
section { margin: 0 0 2rem; }
section.article { border-top: 3px solid var(--ink); padding-top: 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .93rem; }
th, td { text-align: left; padding: .3rem .6rem .3rem 0; border-bottom: 1px solid var(--rule);
  vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: .8rem; text-transform: uppercase;
  letter-spacing: .04em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }

.legend { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px;
  padding: .6rem 1rem .7rem; }
.legend h2 { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em;
  color: var(--muted); margin: 0 0 .3rem; }
.legend ul { list-style: none; margin: 0 0 .35rem; padding: 0; display: flex; flex-wrap: wrap;
  gap: .3rem 1.4rem; }
.legend li { line-height: 1.9; white-space: nowrap; }
.legend .sample { font-family: var(--serif); font-size: 1.05rem; }
.legend .note { font-size: .85rem; margin: 0; }

.columns { display: grid; grid-template-columns: minmax(0, 1fr) 16.5rem; gap: 2.25rem;
  align-items: start; }
aside { position: sticky; top: 1rem; background: var(--panel); border: 1px solid var(--rule);
  border-radius: 6px; padding: .6rem .9rem; }
aside h3 { margin: 0 0 .3rem; }
table.scores th { text-transform: none; letter-spacing: 0; font-size: .88rem; font-weight: 400;
  white-space: nowrap; }
table.scores td, table.scores th { border: 0; padding: .2rem .5rem .2rem 0;
  vertical-align: middle; }
table.scores td.num { padding-right: 0; }
table.scores .meter { width: 4rem; }
.meter { display: inline-block; width: 4.5rem; height: .55rem; border: 1px solid var(--meter);
  border-radius: 2px; background: #fff; vertical-align: middle; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--meter); }
.meter.corr { border-color: var(--corr); }
.meter.corr > span { background: var(--corr); }
.value { font-variant-numeric: tabular-nums; font-weight: 600; }

.text { font-family: var(--serif); font-size: 1.1rem; line-height: 1.95; }
.text p { margin: 0 0 .9rem; white-space: pre-line; }
.hl { border-radius: 2px; }
.hl-hedge { background: var(--hedge-bg); border-bottom: 2px dashed var(--hedge-line); }
.hl-booster { background: var(--boost-bg); border-bottom: 3px double var(--boost-line); }
.hl-cue { background: var(--cue-bg); color: var(--cue-ink); font-weight: 700;
  border-bottom: 2px dotted var(--cue-line); }
.hl-source { background: var(--source-bg); box-shadow: inset 0 0 0 1px var(--source-line);
  padding: 0 .12em; color: var(--ink); font-weight: 400; }
.hl-dropped { background: var(--drop-bg); color: var(--drop-ink); font-style: italic; }
.hl-claim:target, .group:target { outline: 2px solid #1d4ed8; outline-offset: 2px; }
.tag { font: 700 .6rem/1 var(--sans); text-transform: uppercase; letter-spacing: .04em;
  vertical-align: .35em; margin-left: .18em; font-style: normal; white-space: nowrap; }
.hl-hedge > .tag { color: var(--hedge-ink); }
.hl-booster > .tag { color: var(--boost-ink); }
.hl-source > .tag { color: var(--source-ink); }
.hl-dropped > .tag { color: var(--drop-ink); }
.badge { display: inline-flex; align-items: center; gap: .25rem; font: 600 .7rem/1 var(--sans);
  color: var(--ink); border: 1px solid #8a9099; border-radius: 3px; padding: .12rem .3rem;
  margin-right: .3rem; vertical-align: .15em; font-variant-numeric: tabular-nums;
  background: #fff; font-style: normal; }
.badge .meter { width: 2rem; height: .45rem; }
.badge.corr { border-color: var(--corr); color: var(--corr); }
.badge.spec { border-style: dashed; border-color: var(--hedge-line); color: var(--hedge-ink); }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }

.group { border-left: 4px solid var(--corr); background: var(--panel); padding: .6rem .9rem;
  margin: 0 0 .7rem; border-radius: 0 6px 6px 0; }
.group blockquote { font-family: var(--serif); font-size: 1.05rem; margin: .25rem 0 .4rem; }
.group p { margin: .15rem 0; }
.chip { display: inline-block; border: 1px solid var(--rule); background: #fff;
  border-radius: 999px; padding: 0 .5rem; margin: .1rem .2rem .1rem 0; font-size: .88rem; }
@media (max-width: 48rem) {
  body { padding: 1rem; }
  .columns { grid-template-columns: minmax(0, 1fr); }
  aside { position: static; }
  table { display: block; overflow-x: auto; }
}
@media print { aside { position: static; } .hl-claim:target { outline: 0; } }
"""
