"""Word (.docx) documents built from plain dataclasses: in data, out bytes (no app imported).

- ``official``: a notice in official-document layout (公文格式, GB/T 9704-2012);
- ``booklet``: a booklet of a round's winners (风采录) with a contents page;
- ``templates``: docxtpl templates the committee can edit (the annual review's skeleton);
- ``charts``: matplotlib figures with Chinese labels, as SVG for pages and PNG for Word;
- ``pdf``: LibreOffice and poppler around a .docx (tests and previews).

Fonts are named by their official names (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体) in
the East Asian font slot, so Word on a machine that has them lays the page out exactly. Where they
are missing, ``fontconfig/60-dangjian-cjk.conf`` maps them to Debian's Noto CJK (serif for
宋/仿宋/楷/小标宋, sans for 黑体); ``pdf.docx_to_pdf`` uses it, and a server can install it.
"""
