import type { Commitment, KeyAction, Plan } from '../../../../shared/src/types';
import type { Local } from '../local-docs';
import { documents, type Query } from './query';

/** The plan structure on the device (plans, commitments, key actions), as an administrator wrote it. */

export const allPlans = (): Query<Local<Plan>> => documents({ type: 'plan' });

export const planById = (id: string | undefined): Query<Local<Plan>> | null => (id ? documents({ id }) : null);

export const allCommitments = (): Query<Local<Commitment>> => documents({ type: 'commitment' });

export const commitmentsOfPlan = (planId: string): Query<Local<Commitment>> =>
  documents({ type: 'commitment', planId });

export const commitmentById = (id: string | undefined): Query<Local<Commitment>> | null =>
  id ? documents({ id }) : null;

export const allKeyActions = (): Query<Local<KeyAction>> => documents({ type: 'keyAction' });

export const keyActionsOfPlan = (planId: string): Query<Local<KeyAction>> => documents({ type: 'keyAction', planId });

export const keyActionsOfCommitment = (commitmentId: string): Query<Local<KeyAction>> =>
  documents({ type: 'keyAction', commitmentId });

export const keyActionById = (id: string | undefined): Query<Local<KeyAction>> | null =>
  id ? documents({ id }) : null;
