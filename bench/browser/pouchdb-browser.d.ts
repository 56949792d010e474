declare module 'pouchdb-browser' {
  import PouchDB from 'pouchdb-core';
  export default PouchDB;
}
