import { evaluate, wrapExecutionError } from 'couchdb-eval';
import createBulkDocsWrapper from 'pouchdb-bulkdocs-wrapper';
import PouchPluginError from 'pouchdb-plugin-error';
import { installWrapperMethods } from 'pouchdb-wrappers';

/**
 * `validate_doc_update` for the embedded store, as pouchdb-validation runs it but without its
 * per-document costs: pouchdb-validation lists the design documents and re-evaluates their
 * functions' source for every document written (for a 1,000-document `_bulk_docs`, 1,000
 * compilations of the same rules), which made validated writes three times slower than plain
 * ones. Here the functions are compiled once per database and compiled again only after a
 * design document is written through it. Everything else is kept: the same arguments, the same
 * errors (`forbidden` → 403, `unauthorized` → 401), design and local documents not validated.
 */

interface Doc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _revisions?: unknown;
  _attachments?: Record<string, unknown>;
  [field: string]: unknown;
}
interface UserCtx {
  name: string | null;
  roles: string[];
  db?: string;
}
interface ValidationOptions {
  userCtx?: UserCtx;
  secObj?: unknown;
  [option: string]: unknown;
}
type ValidateFn = (newDoc: Doc, oldDoc: Doc | null, userCtx: UserCtx, secObj: unknown) => void;
interface StoreDb {
  get(id: string, options: { revs?: boolean; rev?: string }): Promise<Doc>;
  allDocs(options: object): Promise<{ rows: { id: string; doc?: Doc }[] }>;
  info(): Promise<{ db_name: string }>;
  type(): string;
}
type Orig = () => Promise<unknown>;
interface WrapperArgs {
  base: StoreDb;
  doc: Doc;
  docs: Doc[];
  docId: string;
  attachmentId: string;
  rev: string;
  type: string;
  options: ValidationOptions;
}

const isSpecial = (id: unknown) => String(id).startsWith('_design/') || String(id).startsWith('_local');

/** Installs cached validation on one database object of the store (express-pouchdb keeps one per name). */
export function installCachedValidation(db: StoreDb): void {
  /** The compiled rules, forgotten by every design-document write (a compilation then in flight included). */
  let compiled: Promise<{ func: ValidateFn; designDoc: Doc }[]> | null = null;

  function validators() {
    if (compiled) return compiled;
    const loading = db.allDocs({ startkey: '_design/', endkey: '_design0', include_docs: true }).then((result) =>
      result.rows
        .map((row) => row.doc as Doc)
        .filter((designDoc) => typeof designDoc.validate_doc_update === 'string')
        .map((designDoc) => ({
          designDoc,
          func: evaluate(designDoc, {}, designDoc.validate_doc_update as string) as ValidateFn,
        })),
    );
    compiled = loading;
    loading.catch(() => {
      if (compiled === loading) compiled = null;
    });
    return loading;
  }

  async function validate(newDoc: Doc, options: ValidationOptions): Promise<void> {
    if (isSpecial(newDoc._id)) return;
    const funcs = await validators();
    if (!funcs.length) return;
    options.secObj ??= {};
    // No user context means the store was called in-process, as an admin (pouchdb-validation's default).
    options.userCtx ??= { db: (await db.info()).db_name, name: null, roles: ['_admin'] };
    // A write without a revision creates the document or is refused by the store as a conflict
    // (CouchDB checks conflicts before it validates), so only writes with one read the stored doc.
    const oldDoc =
      newDoc._rev !== undefined || options.new_edits === false
        ? await db.get(newDoc._id, { revs: true }).catch(() => null)
        : null;
    // As CouchDB and pouchdb-validation do: the new document carries the stored revision history.
    newDoc._revisions = oldDoc?._revisions;
    try {
      for (const { func, designDoc } of funcs) func.call(designDoc, newDoc, oldDoc, options.userCtx, options.secObj);
    } catch (e) {
      const thrown = e as { unauthorized?: string; forbidden?: string };
      if (thrown.unauthorized !== undefined)
        throw new PouchPluginError({ name: 'unauthorized', message: thrown.unauthorized, status: 401 });
      if (thrown.forbidden !== undefined)
        throw new PouchPluginError({ name: 'forbidden', message: thrown.forbidden, status: 403 });
      throw wrapExecutionError(e);
    }
  }

  /** Runs the write, then forgets the compiled rules if it touched a design document. */
  async function writing(ids: unknown[], write: Orig): Promise<unknown> {
    const touchesDesign = ids.some((id) => String(id).startsWith('_design/'));
    try {
      return await write();
    } finally {
      if (touchesDesign) compiled = null;
    }
  }

  const bulkDocs = createBulkDocsWrapper((doc: Doc, args: WrapperArgs) => {
    doc._id = doc._id || crypto.randomUUID();
    return validate(doc, args.options);
  });

  installWrapperMethods(db, {
    put: (orig: Orig, args: WrapperArgs) => validate(args.doc, args.options).then(() => writing([args.doc._id], orig)),
    post: (orig: Orig, args: WrapperArgs) => {
      args.doc._id = args.doc._id || crypto.randomUUID();
      return validate(args.doc, args.options).then(() => writing([args.doc._id], orig));
    },
    remove: (orig: Orig, args: WrapperArgs) => {
      args.doc._deleted = true;
      return validate(args.doc, args.options).then(() => writing([args.doc._id], orig));
    },
    bulkDocs: (orig: Orig, args: WrapperArgs) =>
      writing(
        args.docs.map((doc) => doc._id),
        () => bulkDocs(orig, args),
      ),
    putAttachment: (orig: Orig, args: WrapperArgs) =>
      args.base
        .get(args.docId, { rev: args.rev, revs: true })
        .catch(() => ({ _id: args.docId }) as Doc)
        .then((doc) => {
          doc._attachments = { ...doc._attachments, [args.attachmentId]: { content_type: args.type, data: args.doc } };
          return validate(doc, args.options);
        })
        .then(orig),
    removeAttachment: (orig: Orig, args: WrapperArgs) =>
      args.base
        .get(args.docId, { rev: args.rev, revs: true })
        .then((doc) => {
          delete doc._attachments?.[args.attachmentId];
          return validate(doc, args.options);
        })
        .then(orig),
  });
}
