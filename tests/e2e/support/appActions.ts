// What a user does through the app's own dialogs, shared by the end-to-end tests and the screenshot script.
import type { Page } from 'playwright-core';

export async function answerPrompt(page: Page, label: string, value: string): Promise<void> {
  await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'OK' }).click();
}

/** Creates a project and its classes (ids 1, 2, ... in order), as the buttons and prompts do. */
export async function createProject(page: Page, name: string, classNames: string[] = []): Promise<void> {
  await page.getByRole('button', { name: 'New project' }).click();
  await answerPrompt(page, 'Project name', name);
  for (const className of classNames) {
    await page.getByRole('button', { name: 'Add class' }).click();
    await answerPrompt(page, 'Class name', className);
  }
}
