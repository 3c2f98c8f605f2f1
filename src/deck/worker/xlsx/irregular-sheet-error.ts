/**
 * Thrown for sheet XML that sheetXmlRows does not take the way exceljs does (a DOCTYPE,
 * an unknown entity, tags that do not nest, a cell without an address, shared strings the
 * workbook lacks): the caller then reads the workbook with exceljs's own sheet reader,
 * which reads it or reports it unreadable.
 */
export class IrregularSheetError extends Error {}
