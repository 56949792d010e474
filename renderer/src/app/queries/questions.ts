import type { Answer, Question } from '../../../../shared/src/types';
import type { Local } from '../local-docs';
import { documents, type Query } from './query';

/** The public's questions on the device and the organisations' answers to them. */

export const allQuestions = (): Query<Local<Question>> => documents({ type: 'question' });

export const allAnswers = (): Query<Local<Answer>> => documents({ type: 'answer' });
