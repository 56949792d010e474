/**
 * The subset of JSON Schema that Tablero's schemas use. The server's `validate_doc_update`
 * interprets exactly this subset (see rules/validate-doc.ts), so keep the two in step.
 */
export interface JsonSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  enum?: readonly (string | number | boolean)[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** `date` and `date-time` are also checked against the calendar (no 30 February). */
  format?: 'date' | 'date-time';
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}
