import { useCallback, useEffect, useState } from 'react';
import { AdminApiError, adminCall } from './api';

/** A read of the admin API, read again when `reload` is called (after a change). */
export function useAdminRead<T>(address: string): { data: T | undefined; reload: () => void } {
  const [data, setData] = useState<T>();
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    adminCall<T>('GET', address)
      .then((value) => live && setData(value))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [address, round]);
  return { data, reload: useCallback(() => setRound((n) => n + 1), []) };
}

export interface Outcome {
  error?: AdminApiError;
  done?: string;
}

/** Runs an action, keeping its refusal (to show by its field) or what it did. */
export function useAction(): [Outcome, (run: () => Promise<string | undefined>) => Promise<boolean>] {
  const [outcome, setOutcome] = useState<Outcome>({});
  const act = useCallback(async (run: () => Promise<string | undefined>) => {
    setOutcome({});
    try {
      const done = await run();
      setOutcome(done ? { done } : {});
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setOutcome({ error: error instanceof AdminApiError ? error : new AdminApiError(0, 'error', message) });
      return false;
    }
  }, []);
  return [outcome, act];
}
