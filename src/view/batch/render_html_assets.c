/* render_html_assets.c — the web page's stylesheet and script, inline so
 * the page needs no network. Colours: one per knower, each also written as
 * a word on the page; text colours on their backgrounds keep a contrast of
 * at least 4.5:1 (WCAG AA). The script only adds: without it every fold is
 * open and the eavesdropper toggle (a checkbox and CSS) still works.
 */
#include "view/batch/render_html_int.h"

/* in pieces: C11 promises string literals of 4095 bytes only */
const char *const html_css[] = {
    ":root{--fg:#1f2328;--bg:#ffffff;--muted:#4d5560;--line:#d0d7de;--band:#f6f8fa;"
    "--client:#0b57d0;--client-bg:#e8f0fe;--server:#9a4a00;--server-bg:#fff1e0;"
    "--both:#6a1b9a;--both-bg:#f5e9fb;--public:#1e6b34;--public-bg:#e6f4ea;"
    "--fail:#b00020;--fail-bg:#fde7ea;--ok:#1e6b34}\n",
    "*{box-sizing:border-box}[hidden]{display:none!important}\n"
    "body{margin:0;font-family:system-ui,-apple-system,\"Segoe UI\",sans-serif;color:var(--fg);"
    "background:var(--bg);line-height:1.45}\n"
    "header,main,footer{max-width:1240px;margin:0 auto;padding:0 16px}\n"
    "h1{font-size:1.6rem;margin:16px 0 4px}h2{font-size:1.3rem;margin:0 0 8px}"
    "h3{font-size:1.05rem;margin:14px 0 6px}h4{font-size:1rem;margin:0}\n"
    "code,pre,.hex{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;font-size:.85rem}\n"
    "pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:4px 0}\n"
    ".hex{overflow-wrap:anywhere}\n"
    "a{color:#0a4ab0}a:focus,summary:focus,input:focus+label,button:focus{outline:3px solid #f0a000;"
    "outline-offset:2px}\n"
    "table.facts{border-collapse:collapse;margin:8px 0}.facts td,.facts th{border:1px solid "
    "var(--line);padding:3px 8px;text-align:left;vertical-align:top}\n"
    ".facts td{overflow-wrap:anywhere}\n"
    "nav.steps ol{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0;margin:8px 0}\n"
    "nav.steps a{display:inline-block;padding:2px 8px;border:1px solid var(--line);border-radius:12px;"
    "text-decoration:none}\n"
    ".tools{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:10px 0;padding:8px;"
    "background:var(--band);border:1px solid var(--line);border-radius:6px}\n"
    ".tools button{font:inherit;padding:2px 10px}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0}\n"
    ".k{display:inline-block;border-radius:4px;padding:0 6px;font-size:.85rem;font-weight:600;"
    "border:1px solid}\n"
    ".k-client .k,.k.k-client{color:var(--client);background:var(--client-bg)}\n"
    ".k-server .k,.k.k-server{color:var(--server);background:var(--server-bg)}\n"
    ".k-both .k,.k.k-both{color:var(--both);background:var(--both-bg)}\n"
    ".k-public .k,.k.k-public{color:var(--public);background:var(--public-bg)}\n"
    ".k-nobody .k,.k.k-nobody{color:var(--muted);background:var(--band)}\n",
    /* knowers, steps, messages */
    "section.step{border-top:3px solid var(--line);padding:12px 0;margin-top:12px}\n"
    ".cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:20px}\n"
    "aside.lesson{background:var(--band);border-left:4px solid var(--line);padding:4px 12px;"
    "border-radius:4px}\n"
    "aside.lesson code{background:#fff;padding:0 2px}\n"
    ".msg{border:1px solid var(--line);border-left:6px solid var(--client);border-radius:6px;"
    "margin:8px 0;padding:4px 8px}\n"
    ".msg.from-server{border-left-color:var(--server)}\n"
    ".msg.alert{border-left-color:var(--fail);background:var(--fail-bg)}\n"
    ".msg>details>summary{cursor:pointer;font-weight:600}\n"
    ".dir{font-weight:400;color:var(--muted)}\n"
    ".flag{color:var(--fail);font-weight:700}\n"
    "details.fld{margin-left:14px;border-left:1px dotted var(--line);padding-left:6px}\n"
    "details.fld>summary{cursor:pointer}\n"
    ".leaf{margin-left:14px;padding:1px 0 1px 6px;border-left:1px dotted var(--line)}\n"
    ".fname{font-weight:600}.mean{color:var(--fg)}.rfc{color:var(--muted);font-size:.85rem}\n"
    ".plain{margin-top:6px;padding:4px;border:1px dashed var(--both);border-radius:4px}\n"
    ".val{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:6px;"
    "margin:8px 0;padding:6px 8px}\n"
    ".val.k-client{border-left-color:var(--client)}.val.k-server{border-left-color:var(--server)}\n"
    ".val.k-both{border-left-color:var(--both)}.val.k-public{border-left-color:var(--public)}\n"
    ".val:target,.msg:target{box-shadow:0 0 0 3px #f0a000}\n",
    ".checks{list-style:none;padding:0}.checks li{margin:3px 0}\n"
    ".ok{color:var(--ok);font-weight:700}.bad{color:var(--fail);font-weight:700}\n"
    ".outcome.failed{background:var(--fail-bg);border:2px solid var(--fail);border-radius:6px;"
    "padding:8px 12px}\n"
    ".outcome.passed{border:2px solid var(--ok);border-radius:6px;padding:8px 12px}\n"
    ".ladder{overflow-x:auto}.ladder svg{max-width:100%;height:auto}\n"
    "/* the eavesdropper's view: what she cannot read is blurred */\n"
    "#eve:checked~main .secret{filter:blur(5px);user-select:none}\n"
    "#eve:checked~main .secret-name{display:none}\n"
    ".eve-name{display:none}#eve:checked~main .eve-name{display:inline}\n"
    ".eve-note{display:none}#eve:checked~main .eve-note{display:block;color:var(--fail)}\n"
    "#eve{width:1.2rem;height:1.2rem;vertical-align:middle;margin:8px 6px 0 max(16px,calc(50% - 604px))}\n"
    "label[for=eve]{font-weight:600}\n"
    "#eve-what{color:var(--muted);margin:0 max(16px,calc(50% - 604px)) 8px}\n"
    "@media (max-width:760px){.cols{grid-template-columns:minmax(0,1fr)}pre.hex{font-size:.6rem;white-space:pre;overflow-x:auto}h1{font-size:1.3rem}"
    "details.fld,.leaf{margin-left:8px}body{font-size:15px}.ladder svg{min-width:620px}}\n"
    "@media print{.tools,.eve-bar,nav.steps{display:none}"
    "#eve:checked~main .secret{filter:none}.msg,.val{break-inside:avoid}"
    "summary{list-style:none}section.step{break-before:auto}a{color:inherit;text-decoration:none}}\n"
    /* a closed fold prints open even where the script did not run its
     * beforeprint (a browser that knows ::details-content; alone in its
     * block, since a browser that does not drops the whole rule) */
    "@media print{details::details-content{content-visibility:visible;display:contents}}\n",
    NULL
};

/* Folds on load (the page arrives unfolded, for readers without a script);
 * unfold-all and fold-all; j/k to the next and previous message, e for the
 * eavesdropper; everything unfolded for printing. */
const char *const html_js[] = {
    "(function(){\n"
    "var all=function(){return Array.prototype.slice.call(document.querySelectorAll('details'));};\n"
    "var fold=function(open){all().forEach(function(d){d.open=open;});};\n"
    "fold(false);\n"
    "var tools=document.getElementById('tools');if(tools){tools.hidden=false;}\n"
    "var b1=document.getElementById('unfold'),b2=document.getElementById('fold');\n"
    "if(b1){b1.addEventListener('click',function(){fold(true);});}\n"
    "if(b2){b2.addEventListener('click',function(){fold(false);});}\n"
    "var reveal=function(){var id=decodeURIComponent(location.hash.slice(1));if(!id){return;}\n"
    " var el=document.getElementById(id);if(!el){return;}\n"
    " var d=el.querySelector('details');if(d){d.open=true;}\n"
    " for(var p=el;p;p=p.parentElement){if(p.tagName==='DETAILS'){p.open=true;}}\n"
    " el.scrollIntoView();};\n"
    "window.addEventListener('hashchange',reveal);reveal();\n"
    "var was=[];\n"
    "window.addEventListener('beforeprint',function(){was=all().map(function(d){return d.open;});fold(true);});\n"
    "window.addEventListener('afterprint',function(){all().forEach(function(d,i){d.open=!!was[i];});});\n"
    "var msgs=Array.prototype.slice.call(document.querySelectorAll('.msg>details>summary'));\n"
    "var at=-1;\n"
    "document.addEventListener('keydown',function(ev){\n"
    " if(ev.altKey||ev.ctrlKey||ev.metaKey){return;}\n"
    " var tag=(ev.target&&ev.target.tagName)||'';if(tag==='INPUT'||tag==='TEXTAREA'){return;}\n"
    " var i=msgs.indexOf(document.activeElement);if(i>=0){at=i;}\n"
    " if(ev.key==='j'&&msgs.length){at=Math.min(at+1,msgs.length-1);msgs[at].focus();msgs[at].scrollIntoView({block:'center'});ev.preventDefault();}\n"
    " else if(ev.key==='k'&&msgs.length){at=Math.max(at-1,0);msgs[at].focus();msgs[at].scrollIntoView({block:'center'});ev.preventDefault();}\n"
    " else if(ev.key==='e'){var c=document.getElementById('eve');if(c){c.checked=!c.checked;}}\n"
    "});\n"
    "document.documentElement.setAttribute('data-ready','1');\n"
    "})();\n",
    NULL
};
