"""Why a file could not be read, or what reading it had to overlook, in words an auditor can act on."""

from __future__ import annotations

MESSAGES = {
    "missing": ("文件不存在，请检查路径", "file not found; check the path"),
    "is_dir": (
        "这是一个文件夹，请给出文件，或对文件夹使用 jixiao check",
        "is a folder; name a file, or use jixiao check on the folder",
    ),
    "not_regular": (
        "不是普通文件（管道、设备或套接字），已跳过",
        "not a regular file (a pipe, device or socket); skipped",
    ),
    "unreadable": ("文件无法打开（权限或读取错误）", "the file cannot be opened (permission or read error)"),
    "not_pdf": (
        "不是有效的 PDF 文件（文件头不是 %PDF），请确认文件格式",
        "not a PDF (no %PDF header); check the file format",
    ),
    "unsupported": (
        "不支持的文件类型，请提供 .pdf、.ofd、.docx、.xlsx、.txt、网页（.html）或扫描图片（.png/.jpg/.tif）",
        "unsupported file type; give a .pdf, .ofd, .docx, .xlsx, a .txt, a web page (.html) or a scanned image (.png/.jpg/.tif)",
    ),
    "office_damaged": (
        "Word/Excel 文件已损坏或不完整，请用 Word、WPS 或 Excel 重新另存",
        "the Word/Excel file is damaged or incomplete; save it again from Word, WPS or Excel",
    ),
    "office_encrypted": (
        "Word/Excel 文件设有打开密码（已加密），请在 Word、WPS 或 Excel 中取消密码后另存，再检查",
        "the Word/Excel file has an open password (it is encrypted); remove the password in Word, WPS or Excel, save it and check again",
    ),
    "office_legacy": (
        "旧版二进制格式（.doc/.xls，WPS 的 .wps/.et）需要 LibreOffice 才能读取：请安装 LibreOffice，或在 Word、WPS 或 Excel 中另存为 .docx/.xlsx",
        "the old binary format (.doc/.xls, WPS's .wps/.et) needs LibreOffice to be read: install LibreOffice, or save it as .docx/.xlsx in Word, WPS or Excel",
    ),
    "office_rtf": (
        "RTF 文档需要 LibreOffice 才能读取：请安装 LibreOffice，或在 Word 或 WPS 中另存为 .docx",
        "an RTF document needs LibreOffice to be read: install LibreOffice, or save it as .docx in Word or WPS",
    ),
    "ofd_damaged": (
        "OFD 文件已损坏或不完整，请重新导出或下载",
        "the OFD file is damaged or incomplete; export or download it again",
    ),
    "ofd_no_text": (
        "OFD 文件没有文字，看起来是扫描件：请另存为 PDF 后用 --ocr 识别",
        "the OFD file has no text: it looks scanned; save it as PDF and read that with OCR",
    ),
    "encrypted": (
        "PDF 已加密，需要打开密码，请用 --password 给出，或先去除密码",
        "the PDF is encrypted with an open password; give it with --password or remove it",
    ),
    "damaged": (
        "PDF 已损坏，无法解析，请重新导出或下载",
        "the PDF is damaged and cannot be parsed; export or download it again",
    ),
    "no_pages": (
        "PDF 没有页面（页数为 0 或缺少页面树），请重新导出",
        "the PDF has no pages (zero pages or no page tree); export it again",
    ),
    "no_text": (
        "PDF 没有文字层，看起来是扫描件，请先做 OCR",
        "the PDF has no text layer: it looks scanned; run OCR on it first",
    ),
    "ocr_missing": (
        "扫描页需要文字识别，请安装识别组件：pip install 'jixiao[ocr]'",
        "scanned pages need text recognition; install it with: pip install 'jixiao[ocr]'",
    ),
    "image_never": (
        "图片只能经文字识别读取，请去掉 --ocr never",
        "an image can only be read by text recognition; drop --ocr never",
    ),
    "damaged_image": (
        "图片已损坏或格式不支持，请重新扫描或导出",
        "the image is damaged or of an unknown format; scan or export it again",
    ),
    "no_text_recognised": (
        "扫描件中未识别出文字，请检查扫描质量",
        "no text was recognised in the scan; check the scan's quality",
    ),
    "garbled": (
        "PDF 文字层是乱码（字体缺少正确的 Unicode 映射），请用原文件重新导出 PDF 或做 OCR",
        "the PDF's text layer is garbled (its fonts map glyphs to wrong characters); export the PDF again from the source, or run OCR",
    ),
    "encoding": (
        "文本编码无法识别（既非 UTF-8 也非 GB18030），请转存为 UTF-8",
        "unknown text encoding (neither UTF-8 nor GB18030); save it as UTF-8",
    ),
    "binary": (
        "不是文本文件（含有空字节或控制字符），请确认文件格式",
        "not a text file (it holds NUL bytes or control characters); check the file format",
    ),
    "empty": ("文件为空", "the file is empty"),
    "limit-exceeded": ("超出处理限制，已跳过", "over a processing limit; skipped"),
    "crashed": ("读取此文件的进程意外终止，已跳过", "the process reading this file died; skipped"),
    "internal": (
        "处理时发生内部错误，请报告此文件（加 --lang en 可见技术细节）",
        "internal error; please report this file",
    ),
}

# The reasons' short names, for counts (the closing summary: 无法读取 2 个文件：文件为空 1，编码无法识别 1).
NAMES = {
    "missing": ("文件不存在", "missing"), "is_dir": ("是文件夹", "a folder"), "not_regular": ("非普通文件", "not a file"),
    "unreadable": ("无法打开", "cannot be opened"), "not_pdf": ("不是 PDF", "not a PDF"),
    "unsupported": ("不支持的类型", "unsupported type"), "office_damaged": ("Word/Excel 已损坏", "Word/Excel damaged"),
    "office_encrypted": ("Word/Excel 已加密", "Word/Excel encrypted"),
    "office_legacy": ("旧版 .doc/.xls", "old .doc/.xls"), "office_rtf": ("RTF 文档", "RTF document"),
    "ofd_damaged": ("OFD 已损坏", "OFD damaged"), "ofd_no_text": ("OFD 无文字", "OFD without text"), "encrypted": ("PDF 已加密", "PDF encrypted"),
    "damaged": ("PDF 已损坏", "PDF damaged"), "no_pages": ("PDF 无页面", "PDF without pages"),
    "no_text": ("无文字层", "no text layer"), "ocr_missing": ("需文字识别组件", "needs OCR"),
    "image_never": ("图片需文字识别", "image needs OCR"), "damaged_image": ("图片已损坏", "image damaged"),
    "no_text_recognised": ("未识别出文字", "no text recognised"), "garbled": ("文字层乱码", "garbled text layer"),
    "encoding": ("编码无法识别", "unknown encoding"), "binary": ("非文本文件", "not text"),
    "empty": ("文件为空", "empty"), "limit-exceeded": ("超出处理限制", "over a limit"),
    "crashed": ("进程意外终止", "reader died"), "internal": ("内部错误", "internal error"),
}  # fmt: skip

# What reading overlooked in a file it could read: a note beside the results, not an error.
NOTES = {
    "repaired": (
        "PDF 结构有损坏，已尽量修复读取，部分内容可能缺失",
        "the PDF's structure is damaged; it was repaired while reading and some content may be missing",
    ),
    "ocr_missing": (
        "部分页面是扫描件，未安装识别组件而跳过；请 pip install 'jixiao[ocr]'",
        "some pages are scanned and were skipped without text recognition; pip install 'jixiao[ocr]'",
    ),
    "converted": (
        "旧版 .doc/.xls 文件已由 LibreOffice 转换为 .docx/.xlsx 后读取",
        "the old .doc/.xls file was converted to .docx/.xlsx by LibreOffice and read",
    ),
    "disguised": (
        "文件的扩展名与内容不符，已按内容读取",
        "the file's name does not say what it holds; it was read as what it holds",
    ),
    "decoded": (
        "文本编码不是 UTF-8/GB18030，已按检测到的编码读取",
        "the text is neither UTF-8 nor GB18030; it was read in the encoding detected",
    ),
}


Detail = str | tuple[str, str]
"""What a reason adds: (Chinese, English) when it speaks to the reader (共 3 页, the limit and how to raise
it, the encoding the text looks like); a plain string when it is technical (a parser's exception), which
only English output shows: Chinese output stays Chinese."""


def said(detail: Detail, lang: str) -> str:
    """A detail in `lang`, bracketed as that language brackets; "" when it has nothing for it."""
    if isinstance(detail, (tuple, list)):
        text = detail[0] if lang == "zh" else detail[1]
    else:
        text = "" if lang == "zh" else detail
    if not text:
        return ""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def reason_name(code: str, lang: str = "zh") -> str:
    """A reason's short name (NAMES), for counts; the code itself when it has none."""
    names = NAMES.get(code)
    return names[0 if lang == "zh" else 1] if names else code


class ReadError(Exception):
    """A file that cannot be read. `code` is a key of MESSAGES; `detail` adds specifics (see Detail)."""

    def __init__(self, path: str, code: str, detail: Detail = ""):
        self.path, self.code, self.detail = path, code, detail
        super().__init__(self.message("en"))

    def __reduce__(self):  # sent from a process that read some of a file's pages (page_parts.py)
        return type(self), (self.path, self.code, self.detail)

    def message(self, lang: str = "zh") -> str:
        zh, en = MESSAGES.get(self.code, MESSAGES["internal"])
        return f"{self.path}: {zh if lang == 'zh' else en}" + said(self.detail, lang)


def note_message(path: str, code: str, detail: Detail, lang: str = "zh") -> str:
    zh, en = NOTES[code]
    return f"{path}: {zh if lang == 'zh' else en}" + said(detail, lang)


def began_outside(e: BaseException, libraries: tuple[str, ...]) -> bool:
    """Whether the innermost frame of e's traceback lies outside every one of these libraries (a path part
    each): the failure is then a bug of ours, not the file's."""
    tb, last = e.__traceback__, ""
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return not any(lib in last for lib in libraries)
