package dev.sparkcnn.driver.config;

/** What a read does with a class folder that holds no image ({@code data.emptyClassFolders}). */
public enum EmptyClassFolders {
  /** Refuse the data, naming every such folder. */
  REFUSE,
  /** Leave the folder out: it is no class. */
  DROP
}
