"""Writes a small valid PDF by hand: one page per list of text lines, in
Helvetica (a standard font, nothing embedded), 16:9 pages. Used by the
import tests; `python3 make_pdf.py OUT.pdf "line|line" "line" ...` too."""
import sys


def _escape(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(path, pages, width=960, height=540, heights=None):
    """pages: list of lists of text lines (str, Latin-1 characters);
    heights: an optional height for each page."""
    objs = []  # object bodies, numbered from 1

    def add(body):
        objs.append(body)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>")
    pages_id = len(objs) + 1 + 2 * len(pages)   # after every content and page object
    kids = []
    for n, lines in enumerate(pages):
        h = heights[n] if heights else height
        ops = ["BT", "/F1 36 Tf", "72 %d Td" % (h - 100), "44 TL"]
        for i, line in enumerate(lines):
            if i == 1:
                ops.append("/F1 24 Tf 30 TL")
            ops.append("(%s) Tj T*" % _escape(line))
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] "
                         "/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                         % (pages_id, width, h, font, content)).encode()))
    assert add(("<< /Type /Pages /Kids [%s] /Count %d >>"
                % (" ".join("%d 0 R" % k for k in kids), len(kids))).encode()) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, catalog, xref))
    with open(path, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    make_pdf(sys.argv[1], [p.split("|") for p in sys.argv[2:]])
