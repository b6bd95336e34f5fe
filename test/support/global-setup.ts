/** Says once, at the top of the run, which databases the tests will use. */
export default function setup(): void {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    process.stdout.write(`\nDatabase tests run on SQLite and on PostgreSQL (TEST_DATABASE_URL=${url.replace(/\/\/[^@]*@/, '//…@')}).\n\n`);
  } else {
    process.stdout.write(
      '\nPostgreSQL tests are SKIPPED: no server was given. Set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run every database test on PostgreSQL too; .ci/run does.\n\n',
    );
  }
}
