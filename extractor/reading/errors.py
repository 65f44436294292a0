"""Why a file could not be read, in words an auditor can act on."""

from __future__ import annotations

MESSAGES = {
    "missing": ("文件不存在，请检查路径", "file not found; check the path"),
    "is_dir": ("这是一个文件夹，请给出文件，或对文件夹使用 jixiao check", "is a folder; name a file, or use jixiao check on the folder"),
    "not_pdf": ("不是有效的 PDF 文件（文件头不是 %PDF），请确认文件格式", "not a PDF (no %PDF header); check the file format"),
    "unsupported": ("不支持的文件类型，请提供 .pdf 或 .txt", "unsupported file type; give a .pdf or .txt"),
    "encrypted": ("PDF 已加密，请先去除密码后再检查", "the PDF is encrypted; remove the password and try again"),
    "damaged": ("PDF 已损坏，无法解析，请重新导出或下载", "the PDF is damaged and cannot be parsed; export or download it again"),
    "no_text": ("PDF 没有文字层，看起来是扫描件，请先做 OCR", "the PDF has no text layer: it looks scanned; run OCR on it first"),
    "encoding": ("文本编码无法识别（既非 UTF-8 也非 GB18030），请转存为 UTF-8", "unknown text encoding (neither UTF-8 nor GB18030); save it as UTF-8"),
    "empty": ("文件为空", "the file is empty"),
    "timeout": ("处理超时，已跳过", "timed out; skipped"),
    "internal": ("读取时发生内部错误，请报告此文件", "internal error while reading; please report this file"),
}


class ReadError(Exception):
    """A file that cannot be read. `code` is a key of MESSAGES; `detail` adds specifics."""

    def __init__(self, path: str, code: str, detail: str = ""):
        self.path, self.code, self.detail = path, code, detail
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        zh, en = MESSAGES.get(self.code, MESSAGES["internal"])
        text = zh if lang == "zh" else en
        return f"{self.path}: {text}" + (f" ({self.detail})" if self.detail else "")
