/** The e2e specs' one query on the harness's database: the same helper as the integration tests'. */
export { sql } from '../helpers/oneQuery'
