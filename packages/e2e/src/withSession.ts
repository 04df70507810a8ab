import { openSession, saveFailureArtefacts, Session } from './browser';

/**
 * Runs a test body with a fresh browser session; on failure leaves the
 * screenshot and console log behind before rethrowing.
 */
export async function withSession(
  testName: string,
  body: (session: Session) => Promise<void>,
): Promise<void> {
  const session = await openSession();
  try {
    await body(session);
  } catch (error) {
    await saveFailureArtefacts(session, testName);
    throw error;
  } finally {
    await session.close();
  }
}
