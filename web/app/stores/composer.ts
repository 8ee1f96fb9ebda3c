// What the reply box of each chat is about to send besides text: the message it answers
// ("Balas" on a bubble sets it; the composer shows the quoted block). Kept here so a bubble deep
// in the thread and the reply box at the bottom share it without passing it through the thread.
import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { Message } from '../types/api'

export const useComposerStore = defineStore('composer', () => {
  const replyTo = reactive<Record<string, Message | null>>({})
  /** Bumped by each "Balas", so the reply box takes the focus (a second tap on the same message too). */
  const focusRequest = ref(0)

  function quote(m: Message): void {
    replyTo[m.conversationId] = m
    focusRequest.value += 1
  }
  function clearQuote(conversationId: string): void {
    replyTo[conversationId] = null
  }
  return { replyTo, focusRequest, quote, clearQuote }
})
