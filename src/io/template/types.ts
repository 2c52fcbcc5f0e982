// What the template engine is given: the fields a template may use (TemplateSchema) and the values (TemplateData).
import type { FieldRow } from '../../core/form-fields.js';

export interface TemplateSchema {
  /** fields usable anywhere */
  fields: ReadonlySet<string>;
  /** repeat rows by name, with the fields usable in them (besides `fields`) */
  repeats: Readonly<Record<string, ReadonlySet<string>>>;
  /** fields that put a picture in their cell */
  images: ReadonlySet<string>;
  /** the template must have a repeat row of one of these names */
  requireRepeat: readonly string[];
}

export interface TemplateImage {
  png: Buffer;
  /** alternative text */
  descr: string;
}

export interface TemplateData {
  fields: FieldRow;
  repeats: Record<string, FieldRow[]>;
  images: Record<string, TemplateImage>;
}

export interface TemplateProblem {
  sheet: string | null;
  row: number | null;
  column: string | null;
  message: string;
}
