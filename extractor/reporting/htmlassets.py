"""What the HTML report carries inline: its style, its filter script and its words. Nothing is fetched:
the page works offline, from a mail attachment or a USB stick."""

from __future__ import annotations

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","WenQuanYi Zen Hei",sans-serif;margin:1.5em 2em;color:#222;max-width:80em}
h1{font-size:1.4em} h2{font-size:1.15em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
[hidden]{display:none!important}
#filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:.5em 0;z-index:1}
#filters label{margin-right:1em} #shown{color:#555}
table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
table.list td.msg{max-width:40em}
.finding{border-left:5px solid #999;padding:.4em .8em;margin:1em 0;background:#fafafa}
.finding.error{border-color:#c81e1e}.finding.warning{border-color:#d77800}.finding.info{border-color:#2864c8}
.sev{font-weight:bold;font-size:.85em;margin-right:.5em}
.error .sev,.sev.error{color:#c81e1e}.warning .sev,.sev.warning{color:#d77800}.info .sev,.sev.info{color:#2864c8}
.rule{font-family:monospace;background:#eee;padding:0 .3em}
.values{margin:.3em 0;font-size:.95em} blockquote{margin:.2em 0 .2em 1em;color:#444;font-size:.92em}
.num{display:inline-block;min-width:1.4em;text-align:center;background:#444;color:#fff;border-radius:.7em;font-size:.8em;margin-right:.3em}
figure.crop{margin:.6em 0} figure.crop figcaption{font-size:.85em;color:#555}
.img{background-size:100% 100%;background-repeat:no-repeat;border:1px solid #bbb;max-width:100%;
 -webkit-print-color-adjust:exact;print-color-adjust:exact}
pre.lines{background:#fff;border:1px solid #bbb;padding:.4em .6em;white-space:pre-wrap;font-size:.9em}
pre.lines .ln{color:#888;display:inline-block;min-width:3.5em}
mark{background:none;outline:2px solid currentColor;color:inherit}
.error mark{outline-color:#c81e1e}.warning mark{outline-color:#d77800}.info mark{outline-color:#2864c8}
.note{color:#8a5a00;font-size:.85em} .unreadable{color:#c81e1e}
"""

# Filters by rule, severity and file; the page's address may preset them (report.html?rule=R&severity=error,warning&file=2).
SCRIPT = """
(function(){
var rule=document.getElementById('f-rule'),file=document.getElementById('f-file');
var sev=Array.prototype.slice.call(document.querySelectorAll('#filters input[name=severity]'));
var q=new URLSearchParams(location.search);
if(q.get('rule'))rule.value=q.get('rule');
if(q.get('file'))file.value=q.get('file');
if(q.get('severity')){var s=q.get('severity').split(',');sev.forEach(function(c){c.checked=s.indexOf(c.value)>=0;});}
function apply(){
 var shown=0,total=0;
 document.querySelectorAll('[data-severity]').forEach(function(el){
  var ok=(!rule.value||el.dataset.rule===rule.value)&&(!file.value||el.dataset.file===file.value)&&
   sev.some(function(c){return c.checked&&c.value===el.dataset.severity;});
  el.hidden=!ok;
  if(el.tagName==='ARTICLE'){total++;if(ok)shown++;}
 });
 document.querySelectorAll('section.file').forEach(function(s){s.hidden=!!file.value&&s.dataset.file!==file.value;});
 document.getElementById('shown').textContent=shown+' / '+total;
 document.body.dataset.shown=shown;
}
[rule,file].concat(sev).forEach(function(c){c.addEventListener('change',apply);});
apply();
})();
"""

WORDS = {
    "zh": {
        "title": "jixiao 检查报告",
        "file": "文件",
        "rule": "规则",
        "severity": "严重程度",
        "all": "全部",
        "shown": "显示",
        "findings": "问题列表",
        "where": "位置",
        "message": "说明",
        "evidence": "证据",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "stated": "所述",
        "expected": "应为",
        "page": "第{}页",
        "line": "第{}行",
        "marks": "标记",
        "back": "回到问题",
        "picture": "证据图",
        "none": "未发现问题。",
        "unreadable": "无法读取",
        "fonts": "此页所用字体 {} 未嵌入PDF：图中以内置字体代替，汉字可能缺失，以上引文为准。",
        "more": "图片仅限每个文件前 {} 页。",
    },
    "en": {
        "title": "jixiao report",
        "file": "file",
        "rule": "rule",
        "severity": "severity",
        "all": "all",
        "shown": "shown",
        "findings": "Findings",
        "where": "where",
        "message": "message",
        "evidence": "evidence",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "stated": "stated",
        "expected": "expected",
        "page": "page {}",
        "line": "line {}",
        "marks": "marks",
        "back": "back to the finding",
        "picture": "picture",
        "none": "No findings.",
        "unreadable": "could not be read",
        "fonts": "The PDF does not embed the font {} used on this page: the picture shows a built-in substitute, "
        "Chinese characters may be missing; the quotes above are the text.",
        "more": "Pictures cover the first {} pages of each file.",
    },
}
