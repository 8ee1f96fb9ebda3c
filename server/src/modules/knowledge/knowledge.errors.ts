import { AppError, notFound } from '../../shared/errors.js'

export const documentNotFound = () => notFound('knowledge.not_found', 'No such document.')
export const tooLarge = (maxBytes: number) =>
  new AppError('knowledge.too_large', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`, 413)
export const unsupportedType = () =>
  new AppError('knowledge.unsupported_type', 'Unsupported file type. Upload a PDF, DOCX, XLSX, CSV, TXT/Markdown file or a photo (JPG/PNG).', 415)
export const storageFull = (limitBytes: number) =>
  new AppError('knowledge.storage_full', `The knowledge base is full (${Math.round(limitBytes / 1024 / 1024)} MB per shop). Delete a document first.`, 413)
export const emptyUpload = () => new AppError('knowledge.empty', 'The file is empty.', 400)
export const noFile = () => new AppError('knowledge.no_file', 'Send the file as multipart/form-data in a field named "file".', 400)
export const unusableText = (err: ExtractError) => new AppError(err.code, err.message, 400)
export const notReady = () => new AppError('knowledge.not_ready', 'The document is still being processed.', 409)

/**
 * Why a document could not be read. It is stored on the document (state `failed`) for the owner
 * to see; it never reaches the index.
 */
export class ExtractError extends Error {
  constructor(readonly code: ExtractErrorCode, message: string) {
    super(message)
    this.name = 'ExtractError'
  }
}

export type ExtractErrorCode =
  | 'knowledge.corrupt_pdf'
  | 'knowledge.encrypted_pdf'
  | 'knowledge.too_many_pages'
  | 'knowledge.corrupt_file'
  | 'knowledge.no_text'
  | 'knowledge.ocr_unavailable'
  | 'knowledge.text_too_long'
