/** Errors of file exchange: a file we cannot read, and an import that was refused as a whole. */
import { AppError } from '../http/errors.ts';

/** The uploaded file (or one file inside the zip, named by `file`) cannot be read or used. */
export const badFile = (detail: string, file?: string) =>
  new AppError(
    400,
    'unreadable_file',
    '文件无法导入',
    detail,
    file ? [{ path: file, message: detail }] : undefined,
  );
