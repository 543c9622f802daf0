import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export interface OwnerAnswers {
  username: string;
  email: string;
  password: string;
}

/** Why an answer is refused, or undefined when it is fine. */
export type AnswerCheck = (answers: Partial<OwnerAnswers>) => Promise<string | undefined>;

/**
 * Asks for the owner on a terminal, re-asking a field until it passes `check`. Passwords are not echoed: the
 * readline output goes through a writable that stays silent while a password is typed.
 */
export async function promptForOwner(
  input: NodeJS.ReadableStream & { isTTY?: boolean },
  output: NodeJS.WritableStream,
  check: AnswerCheck,
): Promise<OwnerAnswers> {
  let silent = false;
  const echo = new Writable({
    write(chunk, encoding, done) {
      if (!silent) output.write(chunk, encoding);
      done();
    },
  });
  const rl = createInterface({ input, output: echo, terminal: Boolean(input.isTTY) });
  // The iterator buffers lines that arrive before they are asked for (pasted or piped answers).
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (question: string, hidden = false) => {
    output.write(question);
    silent = hidden;
    try {
      const next = await lines.next();
      if (next.done) throw new Error('the terminal closed before the owner account was complete');
      return String(next.value).trim();
    } finally {
      silent = false;
      if (hidden) output.write('\n');
    }
  };
  try {
    output.write('No owner account exists yet. Create it now.\n');
    const answers: Partial<OwnerAnswers> = {};
    for (const field of ['username', 'email', 'password'] as const) {
      for (;;) {
        const value = await ask(`Owner ${field}: `, field === 'password');
        if (field === 'password' && (await ask('Repeat the password: ', true)) !== value) {
          output.write('The passwords differ; try again.\n');
          continue;
        }
        const problem = await check({ ...answers, [field]: value });
        if (problem === undefined) {
          answers[field] = value;
          break;
        }
        output.write(`${problem}\n`);
      }
    }
    return answers as OwnerAnswers;
  } finally {
    rl.close();
  }
}
