/**
 * The readable documentation at /docs: a self-contained page that renders /openapi.json
 * (no external scripts, so it works offline and under a strict CSP).
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reservation Desk API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:"Segoe UI",system-ui,sans-serif;margin:0;color:#242424;background:#fafafa}
header{background:#0f6cbd;color:#fff;padding:16px 32px}header h1{margin:0;font-size:20px;font-weight:600}
main{max-width:1100px;margin:0 auto;padding:24px 32px}
section{background:#fff;border:1px solid #e0e0e0;border-radius:6px;margin:12px 0;padding:12px 16px}
.m{display:inline-block;min-width:64px;font-weight:600;font-family:Consolas,monospace}
.GET{color:#0e7a0d}.POST{color:#8a5300}.PUT{color:#0f6cbd}.PATCH{color:#6b2fa0}.DELETE{color:#b10e1c}
code{font-family:Consolas,monospace;font-size:14px}table{border-collapse:collapse;margin-top:8px}
td,th{border-bottom:1px solid #eee;padding:4px 12px 4px 0;text-align:left;font-size:13px;vertical-align:top}
h2{font-size:16px;margin-top:28px}p.s{margin:6px 0 0;color:#424242}
</style></head>
<body><header><h1>Reservation Desk API</h1></header><main><p id="intro">Loading /openapi.json…</p><div id="ops"></div></main>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  document.getElementById('intro').textContent=doc.info.description;
  const byTag={};
  for(const [path,ops] of Object.entries(doc.paths))for(const [m,op] of Object.entries(ops))(byTag[op.tags[0]]??=[]).push({path,m:m.toUpperCase(),op});
  const root=document.getElementById('ops');
  for(const t of doc.tags){const list=byTag[t.name]||[];if(!list.length)continue;
    const h=document.createElement('h2');h.textContent=t.name+' — '+t.description;root.appendChild(h);
    for(const {path,m,op} of list){const s=document.createElement('section');
      const head=document.createElement('div');const mm=document.createElement('span');mm.className='m '+m;mm.textContent=m;
      const c=document.createElement('code');c.textContent=path;head.append(mm,c);s.appendChild(head);
      const p=document.createElement('p');p.className='s';p.textContent=op.summary+(op.security?' (bearer token)':'');s.appendChild(p);
      if(op.parameters.length){const tb=document.createElement('table');
        for(const prm of op.parameters){const tr=document.createElement('tr');
          for(const v of [prm.name,prm.in,prm.required?'required':'optional',prm.schema.type||''])
            {const td=document.createElement('td');td.textContent=v;tr.appendChild(td);}tb.appendChild(tr);}s.appendChild(tb);}
      root.appendChild(s);}}
});
</script></body></html>`;
