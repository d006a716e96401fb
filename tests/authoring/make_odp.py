#!/usr/bin/env python3
"""Writes a small OpenDocument presentation (.odp) with Python's zipfile: one
slide per list of lines, each line a paragraph of a text frame, so that a real
LibreOffice can convert it (to PDF for `lectern-pack import`, or to PPTX).

    make_odp(path, [["Title one", "a line"], ["Title two"]])"""
import zipfile
from xml.sax.saxutils import escape

MIME = "application/vnd.oasis.opendocument.presentation"
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
      'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"')


def _styles():
    # a 16:9 page (28 cm x 15.75 cm) and a master page the slides refer to
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {NS} office:version="1.2">'
            '<office:automatic-styles><style:page-layout style:name="PM1">'
            '<style:page-layout-properties fo:page-width="28cm" fo:page-height="15.75cm" '
            'style:print-orientation="landscape"/></style:page-layout></office:automatic-styles>'
            '<office:master-styles><style:master-page style:name="Default" '
            'style:page-layout-name="PM1"/></office:master-styles></office:document-styles>')


def _content(slides):
    pages = []
    for n, lines in enumerate(slides, 1):
        paras = "".join(
            f'<text:p text:style-name="P{1 if i == 0 else 2}">{escape(line)}</text:p>'
            for i, line in enumerate(lines))
        pages.append(f'<draw:page draw:name="page{n}" draw:master-page-name="Default">'
                     '<draw:frame svg:x="2cm" svg:y="2cm" svg:width="24cm" svg:height="11cm">'
                     f'<draw:text-box>{paras}</draw:text-box></draw:frame></draw:page>')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {NS} office:version="1.2">'
            '<office:automatic-styles>'
            '<style:style style:name="P1" style:family="paragraph"><style:text-properties '
            'fo:font-size="40pt" fo:font-weight="bold" style:font-name="DejaVu Sans"/></style:style>'
            '<style:style style:name="P2" style:family="paragraph"><style:text-properties '
            'fo:font-size="28pt" style:font-name="DejaVu Sans"/></style:style>'
            '</office:automatic-styles><office:body><office:presentation>'
            + "".join(pages) + '</office:presentation></office:body></office:document-content>')


def _manifest():
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest {NS} manifest:version="1.2">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIME}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')


def make_odp(path, slides):
    with zipfile.ZipFile(path, "w") as z:
        # the mimetype entry comes first and is stored, as OpenDocument requires
        z.writestr(zipfile.ZipInfo("mimetype"), MIME, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", _content(slides), compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("styles.xml", _styles(), compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", _manifest(), compress_type=zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    import sys
    make_odp(sys.argv[1], [["Trafficking in persons", "The act, the means, the purpose"],
                           ["Referral", "Call the national hotline"]])
